/**
 * Request schemas, written by hand from the official specs in shared/mendix-api (Build API 4.3.0,
 * Deploy API 4.14.0). The emulator validates every request against them; the conformance test holds
 * these requests and the emulator's responses against the official files themselves.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import formatsModule from 'ajv-formats'

const uuid = { type: 'string', format: 'uuid' }
const nameValue = {
  type: 'object',
  properties: { name: { type: 'string' }, value: { type: 'string' } }
}
const coreResource = {
  type: 'object',
  required: ['cpu', 'memory'],
  properties: { cpu: { type: 'string' }, memory: { type: 'string' }, ephemeralStorage: { type: 'string' } }
}

/** `POST /apps/{appId}/packages/build` body. The spec declares no x.y.z pattern, only the prose does. */
const buildRequest = {
  type: 'object',
  required: ['branch', 'revision'],
  properties: {
    branch: { type: 'string', minLength: 1, maxLength: 200 },
    revision: { type: 'string', minLength: 1, maxLength: 50 },
    description: { type: 'string' },
    version: { type: 'string', maxLength: 20 }
  }
}

/** `environmentManifest` (Deploy API 4.14.0): the body of PUT and POST environment. Unknown fields are allowed. */
const environmentManifest = {
  type: 'object',
  required: ['manifestVersion', 'environment'],
  properties: {
    manifestVersion: { type: 'string' },
    environment: {
      type: 'object',
      required: ['id', 'properties', 'deployment', 'container', 'provider', 'services'],
      properties: {
        id: { type: 'string', minLength: 1, maxLength: 32 },
        properties: {
          type: 'object',
          required: ['name', 'production', 'defaultStudioTarget', 'secretsStoreEnabled'],
          properties: {
            name: { type: 'string' },
            production: { type: 'boolean' },
            defaultStudioTarget: { type: 'boolean' },
            secretsStoreEnabled: { type: 'boolean' },
            OverwriteProductTypePCLM: { type: 'string' },
            environmentPurpose: { enum: ['Test', 'Development', 'Acceptance', 'Production'] }
          }
        },
        deployment: {
          type: 'object',
          required: ['appUrl', 'packageId'],
          properties: {
            appUrl: { type: 'string' },
            packageId: { type: 'string' },
            constants: { type: 'array', items: nameValue },
            scheduledEvents: {
              type: 'array',
              items: {
                type: 'object',
                properties: { name: { type: 'string' }, enabled: { type: 'boolean' } }
              }
            },
            appLogLevels: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  name: { type: 'string' },
                  level: { enum: ['CRITICAL', 'NONE', 'DEBUG', 'TRACE', 'INFO', 'ERROR'] }
                }
              }
            }
          }
        },
        container: {
          type: 'object',
          required: ['instances', 'coreResources'],
          properties: {
            state: { enum: ['Ready', 'Processing', 'Failed', 'Unknown'] },
            instances: { type: 'integer', minimum: 0, maximum: 10 },
            coreResources: {
              type: 'object',
              required: ['limits', 'requests'],
              properties: { limits: coreResource, requests: coreResource }
            }
          }
        },
        network: { type: 'object' },
        runtime: {
          type: 'object',
          properties: {
            subscriptionSecret: { type: 'string' },
            debuggerPassword: { type: 'string' },
            mxAdminPassword: { type: 'string' },
            runtimeVersion: { type: 'string' },
            environmentVariables: { type: 'array', items: nameValue },
            customRuntimeSettings: { type: 'array', items: nameValue }
          }
        },
        provider: {
          type: 'object',
          required: ['clusterId', 'namespace'],
          properties: { clusterId: uuid, namespace: { type: 'string' }, namespaceId: uuid }
        },
        annotations: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              key: { type: 'string' },
              value: { type: 'string' },
              annotationType: { enum: ['Pod', 'Service', 'Ingress'] }
            }
          }
        },
        services: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'plan', 'config'],
            // The spec's enum for `config` spells the values with backslashes ('{type: \"database\"}' in a
            // single-quoted YAML string) while its examples have none; the emulator accepts both spellings.
            properties: {
              name: { type: 'string' },
              plan: { enum: ['OnDemand', 'Dedicated'] },
              config: {
                enum: [
                  '{type: "database"}',
                  '{type: "storage"}',
                  '{type: \\"database\\"}',
                  '{type: \\"storage\\"}'
                ]
              }
            }
          }
        },
        runtimeMetricsConfiguration: {
          type: 'object',
          properties: { mode: { enum: ['default', 'native', 'compatibility'] } }
        },
        deploymentStrategy: {
          type: 'object',
          properties: {
            runtimeDeploymentStrategyType: { enum: ['Reduced App Downtime', 'Default'] },
            switchOverthreshold: { type: 'integer' },
            maxSurge: { type: 'integer' },
            maxUnavailable: { type: 'integer' },
            podDisruptionMinAvailable: { type: 'integer' },
            podDisruptionMaxUnavailable: { type: 'integer' }
          }
        }
      }
    }
  }
}

/** Path and query parameters, by name. */
const parameters = {
  appId: uuid,
  packageId: uuid,
  namespaceId: { type: 'string', minLength: 1 },
  environmentId: { type: 'string', minLength: 1, maxLength: 32 },
  jobId: { type: 'string', minLength: 1 },
  offset: { type: 'integer', minimum: 0 },
  packageLimit: { type: 'integer', minimum: 1, maximum: 50 },
  environmentLimit: { type: 'integer', minimum: 1 },
  boolean: { type: 'boolean' }
}

/** The raw schemas, for the conformance test to compare with the official files. */
export const requestSchemas = { buildRequest, environmentManifest, parameters }

const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false })
// ajv-formats is CommonJS: under NodeNext the plugin is the `default` of the module object.
formatsModule.default(ajv)

export const validators = {
  buildRequest: ajv.compile(buildRequest),
  environmentManifest: ajv.compile(environmentManifest),
  parameter: Object.fromEntries(
    Object.entries(parameters).map(([name, schema]) => [name, ajv.compile(schema)])
  ) as Record<keyof typeof parameters, ValidateFunction>
}

export interface InvalidParam {
  name: string
  reason: string
}

/** Turns ajv's errors into the spec's `invalid-params` items, each naming the field by its dotted path. */
export function describeErrors(errors: ErrorObject[] | null | undefined, prefix = ''): InvalidParam[] {
  return (errors ?? []).map(e => {
    const path = e.instancePath.split('/').filter(Boolean).join('.')
    const missing = e.keyword === 'required' ? (e.params as { missingProperty: string }).missingProperty : ''
    const name = [prefix, path, missing].filter(Boolean).join('.') || prefix || 'body'
    const allowed =
      e.keyword === 'enum' ? `: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}` : ''
    return { name, reason: `${e.message ?? 'is invalid'}${allowed}` }
  })
}
