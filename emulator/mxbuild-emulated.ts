/**
 * The emulated MxBuild: the program `modeler/mxbuild` in the tarball the emulator serves (mxbuild-package.ts
 * strips its types and puts it there behind `#!/usr/bin/env node`). Written from the Mendix reference guide,
 * "MxBuild" (https://docs.mendix.com/refguide/mxbuild/), and nothing else:
 * - `mxbuild --java-home=DIR --java-exe-path=FILE [options] App.mpr`; both Java options are required;
 * - `--target=package|deploy` (package by default: an .mda), `-o FILE` / `--output=FILE` (default `./out.mda`),
 *   `--project-name`, `--model-version`, `--model-description`, `--write-errors=FILE`, `--loose-version-check`,
 *   `--generate-sbom`, `--sbom-output-path=FILE` (default `deployment/sbom.json`, a CycloneDX SBOM);
 * - exit codes: 0 success, 1 internal error, 2 bad command-line options, 3 the app failed to build; above 0 it
 *   prints a message;
 * - `--write-errors`: `{"problems":[{name, severity, message, locations:[{elementId, unitId, element, document,
 *   module}]}]}`, written only when the app has errors, overwritten without warning; the Cloud Foundry buildpack
 *   reads it as UTF-8 with a possible BOM, so this one writes the BOM;
 * - it writes into the app's folder (`deployment/`).
 * What the docs leave open is this emulator's choice, listed in docs/assumptions.md: the exit code for an app of
 * another Mendix version (3) or a missing app file (2), and what the .mda holds (one JSON file).
 *
 * Test switches, in the app file (a real SQLite .mpr, as __tests__/support/mpr.ts writes it):
 * - table `Emulated_Problems(name, severity, message, element_id, unit_id, element, document, module)`: the app's
 *   problems; any `Error` fails the build (exit 3);
 * - table `Emulated_Behaviour(name, value)`: `internalError` (exit 1, as a crash), `slowMs` (as below).
 * And in the environment: `MXBUILD_EMULATE_SLOW_MS`: the build takes that long and starts a child process (as
 * MxBuild starts Java) that lives as long, so a test can check that a cancel ends the whole process group; both
 * print their process ids. `MXBUILD_EMULATE_UNKNOWN_OPTIONS` (comma-separated names, e.g. `generate-sbom`): options
 * this MxBuild does not know, as an older one would not, refused as any unknown option is (exit 2).
 *
 * The program has no import statement (it loads Node's modules with `process.getBuiltinModule`), so Node runs it
 * the same whether it reads the file as CommonJS or as an ES module, wherever the tool cache puts it.
 */
const fs = process.getBuiltinModule('node:fs')
const path = process.getBuiltinModule('node:path')
const zlib = process.getBuiltinModule('node:zlib')
const childProcess = process.getBuiltinModule('node:child_process')

/** Replaced by the version the tarball was served for (mxbuild-package.ts). */
const OWN_VERSION: string = '__MXBUILD_VERSION__'

const EXIT_OK = 0
const EXIT_INTERNAL = 1
const EXIT_BAD_OPTIONS = 2
const EXIT_BUILD_FAILED = 3

const VALUE_OPTIONS = [
  'java-home',
  'java-exe-path',
  'target',
  'output',
  'project-name',
  'model-version',
  'model-description',
  'write-errors',
  'sbom-output-path'
]
const FLAG_OPTIONS = ['loose-version-check', 'generate-sbom']

class Exit extends Error {
  constructor(
    readonly code: number,
    message: string
  ) {
    super(message)
  }
}

interface Options {
  values: Record<string, string>
  flags: Set<string>
  appFile: string
}

function badOptions(message: string): Exit {
  return new Exit(
    EXIT_BAD_OPTIONS,
    `${message}\nUsage: mxbuild --java-home=DIR --java-exe-path=FILE [options] PROJECT-FILE.mpr`
  )
}

function parse(args: string[]): Options {
  const values: Record<string, string> = {}
  const flags = new Set<string>()
  const positional: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]
    if (arg === '-o') {
      if (i + 1 >= args.length) throw badOptions('Option -o needs a file name.')
      values.output = args[++i]
      continue
    }
    if (!arg.startsWith('-')) {
      positional.push(arg)
      if (i !== args.length - 1) throw badOptions(`The project file (${arg}) must be the last argument.`)
      continue
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg)
    const name = match?.[1] ?? arg
    if ((process.env.MXBUILD_EMULATE_UNKNOWN_OPTIONS ?? '').split(',').includes(name)) {
      throw badOptions(`Unknown option: ${arg}`)
    } else if (match && VALUE_OPTIONS.includes(name)) {
      if (match[2] === undefined || match[2] === '')
        throw badOptions(`Option --${name} needs a value: --${name}=VALUE.`)
      values[name] = match[2]
    } else if (match && FLAG_OPTIONS.includes(name)) {
      if (match[2] !== undefined) throw badOptions(`Option --${name} takes no value.`)
      flags.add(name)
    } else {
      throw badOptions(`Unknown option: ${arg}`)
    }
  }
  if (!values['java-home']) throw badOptions('The option --java-home is required.')
  if (!values['java-exe-path']) throw badOptions('The option --java-exe-path is required.')
  if (positional.length !== 1) throw badOptions('Give exactly one project file (.mpr), as the last argument.')
  if (!isDirectory(values['java-home']))
    throw badOptions(`--java-home: ${values['java-home']} is not a directory.`)
  if (!isFile(values['java-exe-path']))
    throw badOptions(`--java-exe-path: ${values['java-exe-path']} is not a file.`)
  const target = values.target ?? 'package'
  if (target !== 'package' && target !== 'deploy')
    throw badOptions(`--target: ${target} is not one of package, deploy.`)
  if (!isFile(positional[0])) throw badOptions(`The project file ${positional[0]} does not exist.`)
  return { values, flags, appFile: path.resolve(positional[0]) }
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory()
  } catch {
    return false
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile()
  } catch {
    return false
  }
}

interface Problem {
  name: string | null
  severity: string
  message: string
  locations: Array<Record<string, string | null>>
}

interface App {
  version: string
  problems: Problem[]
  behaviour: Record<string, string>
}

function readApp(file: string): App {
  const { DatabaseSync } = process.getBuiltinModule('node:sqlite')
  let db
  try {
    db = new DatabaseSync(file, { readOnly: true })
  } catch (error) {
    throw new Exit(EXIT_BUILD_FAILED, `Cannot open the project file ${file}: ${(error as Error).message}`)
  }
  try {
    const has = (table: string): boolean =>
      db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined
    if (!has('_MetaData')) throw new Exit(EXIT_BUILD_FAILED, `${file} is not a Mendix project file.`)
    const meta = db.prepare('SELECT _ProductVersion FROM _MetaData LIMIT 1').get()
    const problems = has('Emulated_Problems')
      ? db
          .prepare(
            'SELECT name, severity, message, element_id, unit_id, element, document, module FROM Emulated_Problems ORDER BY rowid'
          )
          .all()
          .map(row => ({
            name: (row.name as string | null) ?? null,
            severity: String(row.severity),
            message: String(row.message),
            locations: [
              {
                elementId: row.element_id as string | null,
                unitId: row.unit_id as string | null,
                element: row.element as string | null,
                document: row.document as string | null,
                module: row.module as string | null
              }
            ]
          }))
      : []
    const behaviour: Record<string, string> = {}
    if (has('Emulated_Behaviour')) {
      for (const row of db.prepare('SELECT name, value FROM Emulated_Behaviour').all())
        behaviour[String(row.name)] = String(row.value)
    }
    return { version: String(meta?._ProductVersion ?? ''), problems, behaviour }
  } finally {
    db.close()
  }
}

/** -1, 0 or 1 as version a is below, equal to or above version b. */
function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < 4; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) < (pb[i] ?? 0) ? -1 : 1
  return 0
}

/** A zip of stored (uncompressed) files: local headers, data, central directory, end record (APPNOTE 6.3). */
function zip(files: Array<{ name: string; data: Buffer }>): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8')
    const crc = zlib.crc32(file.data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x0800, 6) // UTF-8 names
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(file.data.length, 18)
    local.writeUInt32LE(file.data.length, 22)
    local.writeUInt16LE(name.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(file.data.length, 20)
    central.writeUInt32LE(file.data.length, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, name, file.data)
    centrals.push(central, name)
    offset += local.length + name.length + file.data.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(files.length, 8)
  end.writeUInt16LE(files.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

function writeFile(file: string, data: string | Buffer): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  fs.writeFileSync(file, data)
}

/** As MxBuild starts Java: a child process, in the same process group, that lives `ms`. */
async function slowBuild(ms: number): Promise<void> {
  const child = childProcess.spawn(process.execPath, ['-e', `setTimeout(() => {}, ${ms})`], {
    stdio: 'ignore'
  })
  console.log(`Compiling Java actions (emulated: mxbuild pid ${process.pid}, child pid ${child.pid})`)
  await new Promise(resolve => setTimeout(resolve, ms))
}

async function build(args: string[]): Promise<number> {
  const options = parse(args)
  const { values, flags, appFile } = options
  const appDir = path.dirname(appFile)
  console.log(`MxBuild ${OWN_VERSION} (emulated)`)
  console.log(`Loading project ${appFile}...`)
  const app = readApp(appFile)
  const order = compareVersions(app.version, OWN_VERSION)
  if (order > 0 || (order < 0 && !flags.has('loose-version-check'))) {
    throw new Exit(
      EXIT_BUILD_FAILED,
      `The project was saved with Mendix ${app.version}; this MxBuild is version ${OWN_VERSION}.` +
        (order < 0 ? ' Use --loose-version-check to build it anyway.' : '')
    )
  }
  if (order < 0)
    console.log(`Upgrading the project from ${app.version} to ${OWN_VERSION} in memory (not saved).`)
  if (app.behaviour.internalError !== undefined) {
    throw new Exit(
      EXIT_INTERNAL,
      `An internal error occurred: ${app.behaviour.internalError || 'emulated crash'}`
    )
  }
  const slowMs = Number(process.env.MXBUILD_EMULATE_SLOW_MS ?? app.behaviour.slowMs ?? 0)
  console.log('Checking the project for errors...')
  if (slowMs > 0) await slowBuild(slowMs)
  for (const problem of app.problems) {
    const where = problem.locations[0]
    console.log(
      `${problem.severity.toUpperCase()}: ${where.module ?? ''}/${where.document ?? ''}: ${problem.message}`
    )
  }
  const errors = app.problems.filter(problem => problem.severity === 'Error')
  if (errors.length > 0) {
    if (values['write-errors']) {
      // UTF-8 with a byte-order mark, as the Cloud Foundry buildpack allows for.
      writeFile(values['write-errors'], `\uFEFF${JSON.stringify({ problems: app.problems }, null, 2)}`)
    }
    throw new Exit(EXIT_BUILD_FAILED, `The build failed: the project has ${errors.length} error(s).`)
  }
  fs.mkdirSync(path.join(appDir, 'deployment', 'model'), { recursive: true })
  const built = {
    builtBy: `MxBuild ${OWN_VERSION} (emulated)`,
    mendixVersion: OWN_VERSION,
    projectName: values['project-name'] ?? path.basename(appFile, '.mpr'),
    modelVersion: values['model-version'] ?? 'unversioned',
    modelDescription: values['model-description'] ?? ''
  }
  writeFile(path.join(appDir, 'deployment', 'model', 'emulated-mxbuild.json'), JSON.stringify(built, null, 2))
  if ((values.target ?? 'package') === 'package') {
    const output = path.resolve(values.output ?? 'out.mda')
    writeFile(
      output,
      zip([{ name: 'emulated-mxbuild.json', data: Buffer.from(JSON.stringify(built, null, 2)) }])
    )
    console.log(`Created the deployment package ${output}`)
  } else {
    console.log(`Created the deployment folder ${path.join(appDir, 'deployment')}`)
  }
  if (flags.has('generate-sbom')) {
    const sbomPath = values['sbom-output-path'] ?? path.join(appDir, 'deployment', 'sbom.json')
    const sbom = {
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      version: 1,
      metadata: {
        tools: [{ name: 'MxBuild (emulated)', version: OWN_VERSION }],
        component: { type: 'application', name: built.projectName, version: built.modelVersion }
      },
      components: [{ type: 'framework', name: 'Mendix Runtime', version: OWN_VERSION }]
    }
    writeFile(sbomPath, JSON.stringify(sbom, null, 2))
    console.log(`Wrote the SBOM to ${path.resolve(sbomPath)}`)
  }
  console.log('Build succeeded.')
  return EXIT_OK
}

build(process.argv.slice(2)).then(
  code => process.exit(code),
  (error: unknown) => {
    if (error instanceof Exit) {
      console.error(error.message)
      process.exit(error.code)
    }
    console.error(
      `An internal error occurred: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`
    )
    process.exit(EXIT_INTERNAL)
  }
)
