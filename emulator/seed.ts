/**
 * The data a fresh emulator starts with: one app, its Git (or SVN) history, its Private Cloud and Mendix Cloud
 * packages and environments, and the demo credentials.
 */
import { randomUUID } from 'node:crypto'
import type {
  Branch,
  CloudEnvironment,
  CloudPackage,
  CloudSettings,
  Commit,
  EmulatorState,
  Manifest,
  PackageRecord,
  Repository
} from './state.js'

export const DEMO_TOKEN = 'demo-pat-0f3c9a1e7b2d4c68a5e9'
export const ALL_SCOPES = [
  'mx:privatecloud-build:read',
  'mx:privatecloud-build:write',
  'mx:modelrepository:write',
  'mx:deployment:read',
  'mx:deployment:write',
  'mx:app:metadata:read',
  'mx:modelrepository:repo:read'
]

export const SEED = {
  appId: '4b1ad3c2-7f0e-4d8a-9c55-2e6f1a8b9d70',
  clusterId: 'a0c7e3d1-52b4-4f6e-8d19-7c3b2e5f4a18',
  namespace: 'mendix-apps',
  namespaceId: '9e2d4c6a-1b3f-4a5d-8e7c-0f9b2a4c6d81',
  branch: 'main',
  /** Good revisions of branch `main`, oldest first; the last one is the head. */
  revisions: [
    '3f9a1c2d4e5b6a7980c1d2e3f4a5b6c7d8e9f0a1',
    '8b7e6d5c4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d',
    'c41e7a9b2d5f8e1a3c6b9d2e5f8a1c4b7e0d3f6a'
  ],
  /** A revision on `main`, just before the head, that does not compile: its build fails with a log saying why. */
  brokenRevision: 'badc0de5e7a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9',
  /**
   * A Git feature branch, named as the App Repository API and the Private Cloud Build API name it; the v1 Build
   * API calls it `branches/feature-x`. Branched from revisions[1]; its own commits, oldest first.
   */
  featureBranch: 'feature-x',
  featureRevisions: ['5d2c8e1f7a9b3c4d6e8f0a1b2c3d4e5f6a7b8c9d', 'a7f3b9c2e4d6f8a0b1c3d5e7f9a2b4c6d8e0f1a3'],
  /** The repository when the emulator runs with `repository: 'svn'`: revision numbers, `trunk`, `branches/<name>`. */
  svn: {
    mainBranch: 'trunk',
    /** Good revisions of trunk, oldest first; the last one is the head. */
    revisions: ['17', '18', '22'],
    brokenRevision: '20',
    featureBranch: 'branches/feature-x',
    /** Branched from trunk at 18; its own revisions, oldest first. */
    featureRevisions: ['19', '21']
  },
  environments: {
    test: { id: 'q8g3ns76', name: 'test' },
    acceptance: { id: 'k2x7vp41', name: 'acceptance' },
    production: { id: 'p9m4rt2z', name: 'production' }
  },
  packages: {
    released: 'd6f1b2a4-3c5e-4f7a-9b8d-1e2c3a4b5d6f',
    older: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d'
  },
  /** The same app on the classic Mendix Cloud, addressed by subdomain and mode. */
  cloud: {
    appId: 'orders-demo',
    projectId: '7c2e9a41-5b3d-4f6e-9a8c-1d2e3f4a5b6c',
    username: 'ci-bot@example.com',
    apiKey: 'demo-apikey-5e8b2c7d-1a4f-4b9e-8c3d-6f0a1b2c3d4e',
    environments: {
      Test: '2b4d6f8a-1c3e-4a5b-9c7d-e1f2a3b4c5d6',
      Acceptance: '3c5e7a9b-2d4f-4b6c-8d9e-f2a3b4c5d6e7',
      Production: '4d6f8b0c-3e5a-4c7d-9e0f-a3b4c5d6e7f8'
    },
    packages: { running: '5e7a9c1d-4f6b-4d8e-8f1a-b4c5d6e7f8a9' }
  }
} as const

function manifest(env: { id: string; name: string }, production: boolean, packageId: string): Manifest {
  return {
    manifestVersion: '2.0.0',
    environment: {
      id: env.id,
      properties: {
        name: env.name,
        production,
        defaultStudioTarget: env.name === 'test',
        secretsStoreEnabled: false,
        OverwriteProductTypePCLM: 'standard',
        environmentPurpose: production ? 'Production' : env.name === 'test' ? 'Test' : 'Acceptance'
      },
      deployment: {
        appUrl: `https://${env.name}-orders.apps.example.com`,
        packageId,
        constants: [
          { name: 'Orders.ApiEndpoint', value: `https://${env.name}.erp.example.com/api` },
          { name: 'Orders.MaxBatchSize', value: '250' },
          { name: 'Orders.FeatureNewCheckout', value: production ? 'False' : 'True' }
        ],
        scheduledEvents: [
          { name: 'Orders.SE_SyncInventory', enabled: true },
          { name: 'Orders.SE_PurgeOldSessions', enabled: production }
        ],
        appLogLevels: [{ name: 'ConnectionBus', level: 'INFO' }]
      },
      container: {
        state: 'Ready',
        instances: production ? 2 : 1,
        lastRunningInstanceCount: production ? 2 : 1,
        coreResources: {
          limits: { cpu: '1', memory: '1', ephemeralStorage: '1' },
          requests: { cpu: '0.5', memory: '0.512', ephemeralStorage: '1' }
        }
      },
      network: { outgoingConnectionCertificate: [] },
      runtime: {
        runtimeVersion: '10.18.3',
        environmentVariables: [{ name: 'JAVA_TOOL_OPTIONS', value: '-XX:MaxRAMPercentage=75' }],
        customRuntimeSettings: [{ name: 'http.client.CleanupAfterSeconds', value: '355' }]
      },
      provider: { clusterId: SEED.clusterId, namespace: SEED.namespace, namespaceId: SEED.namespaceId },
      annotations: [{ key: 'prometheus.io/path', value: '/metrics', annotationType: 'Pod' }],
      services: [
        { name: 'orders_db', plan: 'Dedicated', config: '{type: "database"}' },
        { name: 'orders_files', plan: 'OnDemand', config: '{type: "storage"}' }
      ],
      runtimeMetricsConfiguration: { mode: 'native', interval: 'PT1M' },
      deploymentStrategy: { runtimeDeploymentStrategyType: 'Default' }
    }
  }
}

function seededPackage(id: string, createdOn: string, modelVersion: string, revision: string): PackageRecord {
  return {
    id,
    appId: SEED.appId,
    modelVersion,
    runtimeVersion: '10.18.3.58900',
    createdOn,
    description: `Release ${modelVersion} (${SEED.branch}@${revision})`,
    fileName: `Main-${modelVersion}.mda`,
    fileSize: 48_213_504,
    expiryDate: new Date(Date.parse(createdOn) + 180 * 86_400_000).toISOString(),
    branch: SEED.branch,
    revision,
    buildLog: `Pipeline created at ${createdOn}\n[build] Building ${SEED.branch}@${revision}\n[build] Build succeeded.\n`
  }
}

function cloudSettings(): CloudSettings {
  return {
    Constants: [
      {
        Name: 'Orders.ApiEndpoint',
        DataType: 'String',
        Value: 'https://erp.example.com/api',
        DeployedValue: 'https://erp.example.com/api'
      },
      { Name: 'Orders.MaxBatchSize', DataType: 'Integer', Value: '250', DeployedValue: '250' }
    ],
    CustomSettings: [],
    ScheduledEvents: [{ Name: 'Orders.SE_SyncInventory', Value: 'Enabled', DeployedValue: 'Enabled' }]
  }
}

function cloudEnvironment(
  mode: keyof typeof SEED.cloud.environments,
  status: CloudEnvironment['Status']
): CloudEnvironment {
  const host = mode === 'Production' ? 'orders-demo' : `orders-demo-${mode.toLowerCase().slice(0, 4)}`
  return {
    Mode: mode,
    EnvironmentId: SEED.cloud.environments[mode],
    Status: status,
    Url: `https://${host}.mendixcloud.com`,
    ModelVersion: '1.4.0.57',
    MendixVersion: '10.18.3',
    Production: mode === 'Production',
    packageId: SEED.cloud.packages.running,
    databaseModelVersion: '1.4.0.57',
    settings: cloudSettings()
  }
}

const AUTHORS = [
  { name: 'Jane Developer', email: 'jane.developer@example.com' },
  { name: 'Sam Builder', email: 'sam.builder@example.com' }
]

/** The commit history both repository types share: one entry per commit, in the order they were made. */
function history(
  type: Repository['type']
): Array<{ id: string; branch: 'main' | 'feature'; message: string }> {
  const ids =
    type === 'git'
      ? {
          r: SEED.revisions,
          broken: SEED.brokenRevision,
          f: SEED.featureRevisions
        }
      : { r: SEED.svn.revisions, broken: SEED.svn.brokenRevision, f: SEED.svn.featureRevisions }
  return [
    { id: ids.r[0], branch: 'main', message: 'Release 1.3: order export' },
    { id: ids.r[1], branch: 'main', message: 'Release 1.4: inventory sync' },
    { id: ids.f[0], branch: 'feature', message: 'Feature X: first draft of the new checkout' },
    { id: ids.broken, branch: 'main', message: 'Remove Order.Total (breaks a microflow)' },
    { id: ids.f[1], branch: 'feature', message: 'Feature X: payment step' },
    { id: ids.r[2], branch: 'main', message: 'Restore Order.Total; fix the microflow' }
  ]
}

/** The repository of the seeded app, Git (the default) or SVN, with `main`/`trunk` and one feature branch. */
export function seedRepository(type: Repository['type'], appId: string = SEED.appId): Repository {
  const made = history(type).map((entry, index): Commit & { branch: string } => {
    const author = AUTHORS[index % AUTHORS.length]
    return {
      id: entry.id,
      // SVN shows the author's email as the name too (App Repository API docs).
      author: type === 'svn' ? { name: author.email, email: author.email } : author,
      date: new Date(Date.parse('2026-09-01T09:00:00Z') + index * 13 * 86_400_000).toISOString(),
      message: entry.message,
      mendixVersion: '10.18.3.58900',
      relatedStories: index % 2 ? [{ id: String(4_100_000 + index) }] : [],
      branch: entry.branch
    }
  })
  const commit = ({ branch: _b, ...c }: Commit & { branch: string }): Commit => c
  const mainCommits = made.filter(c => c.branch === 'main').reverse()
  // The feature branch was made from the second main commit: its history holds that commit and the ones before.
  const branchPoint = made.findIndex(
    c => c.id === (type === 'git' ? SEED.revisions[1] : SEED.svn.revisions[1])
  )
  const featureCommits = [
    ...made.filter(c => c.branch === 'feature').reverse(),
    ...made.slice(0, branchPoint + 1).reverse()
  ]
  const branches: Branch[] = [
    { name: type === 'git' ? SEED.branch : SEED.svn.mainBranch, commits: mainCommits.map(commit) },
    {
      name: type === 'git' ? SEED.featureBranch : SEED.svn.featureBranch,
      commits: featureCommits.map(commit)
    }
  ]
  return {
    type,
    url:
      type === 'git' ? `https://git.api.mendix.com/${appId}.git` : `https://teamserver.sprintr.com/${appId}/`,
    branches
  }
}

/** A fresh state: the same ids every time, so tests and the demo can name them. */
export function seedState(repositoryType: Repository['type'] = 'git'): EmulatorState {
  const { test, acceptance, production } = SEED.environments
  const packages = [
    seededPackage(SEED.packages.older, '2026-09-02T10:15:00.000Z', '1.3.0.41', SEED.revisions[0]),
    seededPackage(SEED.packages.released, '2026-10-14T08:30:00.000Z', '1.4.0.57', SEED.revisions[1])
  ]
  return {
    app: {
      appId: SEED.appId,
      appName: 'Orders',
      repository: seedRepository(repositoryType),
      failingRevisions: {
        [repositoryType === 'git' ? SEED.brokenRevision : SEED.svn.brokenRevision]:
          "CE1613: The selected attribute 'Orders.Order.Total' no longer exists."
      }
    },
    packages,
    environments: [
      manifest(test, false, SEED.packages.released),
      manifest(acceptance, false, SEED.packages.released),
      manifest(production, true, SEED.packages.older)
    ],
    secrets: {},
    jobs: new Map(),
    readLag: {},
    jobReads: new Map(),
    cloud: {
      appId: SEED.cloud.appId,
      projectId: SEED.cloud.projectId,
      name: 'Orders',
      users: {
        [SEED.cloud.username]: { apiKey: SEED.cloud.apiKey, api: true, transport: true, backups: true }
      },
      packages: [
        {
          PackageId: SEED.cloud.packages.running,
          Name: 'Main-1.4.0.57.mda',
          Description: 'Release 1.4.0',
          Version: '1.4.0',
          Creator: 'Jane Developer',
          CreationDate: Date.parse('2026-10-14T08:30:00Z'),
          Size: 48_213_504,
          readyAt: Date.parse('2026-10-14T08:30:00Z')
        }
      ],
      environments: [
        cloudEnvironment('Test', 'Running'),
        cloudEnvironment('Acceptance', 'Stopped'),
        cloudEnvironment('Production', 'Running')
      ],
      startJobs: new Map(),
      uploadJobs: new Map(),
      snapshots: []
    }
  }
}

/**
 * A template a preview environment can copy (`previewFrom`), kept out of SEED.environments so a plain emulator's
 * environments stay the three above. The action's rules for a template (src/preview/template.ts) hold for it: not
 * production, not the default Studio Pro target, and every service on an OnDemand plan (the Deploy API's
 * `services[].plan` is OnDemand or Dedicated, https://docs.mendix.com/apidocs-mxsdk/apidocs/private-cloud-deploy-api/;
 * a Dedicated plan serves one environment, so a copy could not have it).
 */
export const PREVIEW_TEMPLATE = { id: 'tp4v8q2m', name: 'preview-template' } as const

/** Adds the preview template to a state (once) and returns its manifest. */
export function addPreviewTemplate(state: EmulatorState): Manifest {
  const present = state.environments.find(m => m.environment.id === PREVIEW_TEMPLATE.id)
  if (present) return present
  const template = manifest(PREVIEW_TEMPLATE, false, SEED.packages.released)
  ;(template.environment.properties as { environmentPurpose: string }).environmentPurpose = 'Test'
  template.environment.services = [
    { name: 'orders_db', plan: 'OnDemand', config: '{type: "database"}' },
    { name: 'orders_files', plan: 'OnDemand', config: '{type: "storage"}' }
  ]
  state.environments.push(template)
  return template
}

/**
 * A Private Cloud package of the seeded app built as `version` (issue 26): its `modelVersion` is the version with a
 * build number after it, as the Build API shows one (`1.3.0.623`), or `modelVersion` as given when it is no x.y.z.
 */
export function versionedPackage(version: string, createdOn: string, build = 100): PackageRecord {
  const modelVersion = /^\d+\.\d+\.\d+$/.test(version) ? `${version}.${build}` : version
  return seededPackage(randomUUID(), createdOn, modelVersion, SEED.revisions[1])
}

/** A Mendix Cloud package of the seeded app built as `version` (issue 26), built and ready at `createdOn`. */
export function versionedCloudPackage(
  version: string,
  createdOn: string,
  description = `Release ${version}`
): CloudPackage {
  const at = Date.parse(createdOn)
  return {
    PackageId: randomUUID(),
    Name: `Main-${version}.mda`,
    Description: description,
    Version: version,
    Creator: 'Jane Developer',
    CreationDate: at,
    Size: 48_213_504,
    readyAt: at
  }
}
