export const id = 463;
export const ids = [463];
export const modules = {

/***/ 1253:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   In: () => (/* binding */ isMendixVersion),
/* harmony export */   W: () => (/* binding */ readAppVersion),
/* harmony export */   ve: () => (/* binding */ findAppFile)
/* harmony export */ });
/* unused harmony exports APP_FILE_INPUT, isSqliteExperimentalWarning */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);
/**
 * Which app to build, and the Mendix version it was saved with: the version picks the MxBuild to download, so it
 * is read before anything is fetched.
 *
 * A Studio Pro app file (`.mpr`) is an SQLite database; its `_MetaData` table holds `_ProductVersion`, the full
 * four-part version with the build number (e.g. `10.24.0.73019`). Both Mendix buildpacks read it with
 * `SELECT _ProductVersion FROM _MetaData LIMIT 1` (https://github.com/mendix/cf-mendix-buildpack and
 * https://github.com/mendix/docker-mendix-buildpack), to pick the MxBuild of the app's version (Mendix reference
 * guide, "MxBuild": https://docs.mendix.com/refguide/mxbuild/).
 *
 * `node:sqlite` is built into Node 24, so this needs no dependency. It is imported only on this path: a run that
 * builds nothing never loads it (about 1 ms when it does, Node 24.21).
 */



/** The input that names the app file; the problems below name it. */
const APP_FILE_INPUT = 'mprFile';
/**
 * A Mendix version as MxBuild's download names it: four dot-separated numbers, no leading zeros (so it maps one to
 * one onto the tool cache's semver folder name), at most nine digits each.
 */
const MENDIX_VERSION = /^(0|[1-9]\d{0,8})(\.(0|[1-9]\d{0,8})){3}$/;
/** Whether `text` is a four-part Mendix version such as `10.24.0.73019`. */
function isMendixVersion(text) {
    return MENDIX_VERSION.test(text);
}
/** The first 16 bytes of every SQLite 3 database file (https://www.sqlite.org/fileformat.html, 1.3). */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
/** What a file checked in with Git LFS holds when the checkout did not fetch it. */
const LFS_POINTER = Buffer.from('version https://git-lfs', 'latin1');
/** A value quoted for a message, cut short so that a garbage file cannot flood the log. */
function quoted(value) {
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}
/**
 * The app file to build: `input` (relative to the workspace) when given, else the one `*.mpr` in the workspace
 * root. None or several is an InputError listing what was found.
 */
function findAppFile(workspace, input) {
    if (input) {
        const path = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(input) ? input : (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(workspace, input);
        let isFile;
        try {
            isFile = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(path).isFile();
        }
        catch {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz([
                `Input '${APP_FILE_INPUT}': no file at ${quoted(path)}; give the path of the app's .mpr, relative to the workspace (${workspace}).`
            ]);
        }
        if (!isFile)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz([`Input '${APP_FILE_INPUT}': ${quoted(path)} is not a file.`]);
        return path;
    }
    let names;
    try {
        names = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(workspace, { withFileTypes: true })
            .filter(entry => entry.isFile() && entry.name.toLowerCase().endsWith('.mpr'))
            .map(entry => entry.name)
            .sort();
    }
    catch (error) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz([
            `Input '${APP_FILE_INPUT}' is not set and the workspace ${quoted(workspace)} cannot be read (${error.message}); check out the app first (actions/checkout).`
        ]);
    }
    if (names.length === 1)
        return (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(workspace, names[0]);
    if (names.length === 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz([
            `Input '${APP_FILE_INPUT}' is not set and the workspace root ${quoted(workspace)} holds no *.mpr file: check out the app's whole model (actions/checkout, no Git LFS for the .mpr), or set '${APP_FILE_INPUT}' to the app's .mpr.`
        ]);
    }
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz([
        `Input '${APP_FILE_INPUT}' is not set and the workspace root holds ${names.length} *.mpr files (${names.join(', ')}): set '${APP_FILE_INPUT}' to the one to build.`
    ]);
}
/** Why the file is not an SQLite database, or undefined when its header says it is one. */
function notSqlite(path) {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    let read;
    let fd;
    try {
        fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(path, 'r');
        read = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, head, 0, head.length, 0);
    }
    catch (error) {
        return `cannot be read (${error.message})`;
    }
    finally {
        if (fd !== undefined)
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    }
    if (read === SQLITE_HEADER.length && head.equals(SQLITE_HEADER))
        return undefined;
    if (head.subarray(0, read).equals(LFS_POINTER.subarray(0, read)) && read > 0)
        return 'is a Git LFS pointer, not the app file: Mendix apps cannot use Git LFS; commit the .mpr itself';
    return read === 0 ? 'is empty' : 'is not an SQLite database, which every Mendix app file is';
}
/**
 * Loads `node:sqlite`. Node releases before 24.15 mark it experimental and print an ExperimentalWarning to stderr
 * when it loads; the runner shows stderr as plain log lines (no annotation), but the line would alarm a reader
 * for nothing, so that one warning is dropped while the module loads. Every other warning passes.
 */
async function loadSqlite() {
    // Called through apply with the process as `this`, as Node calls it.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const emitWarning = process.emitWarning;
    process.emitWarning = function (...args) {
        if (isSqliteExperimentalWarning(args[0], args[1]))
            return;
        emitWarning.apply(this, args);
    };
    try {
        return await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 99, 23));
    }
    finally {
        process.emitWarning = emitWarning;
    }
}
/** Whether a warning is the one `node:sqlite` emits when it loads on a Node that marks it experimental. */
function isSqliteExperimentalWarning(warning, typeOrOptions) {
    const message = warning instanceof Error ? warning.message : String(warning);
    const type = warning instanceof Error
        ? warning.name
        : typeof typeOrOptions === 'string'
            ? typeOrOptions
            : typeOrOptions?.type;
    return type === 'ExperimentalWarning' && /^SQLite is an experimental feature/.test(message);
}
/**
 * The Mendix version the app file was saved with, e.g. `10.24.0.73019`. The file is opened read-only. An
 * InputError names the file and what is wrong: not SQLite, no `_MetaData`, or no four-part version in it.
 */
async function readAppVersion(mprPath) {
    const file = quoted(mprPath);
    const wrong = notSqlite(mprPath);
    if (wrong)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz([`The app file ${file} ${wrong}.`]);
    const { DatabaseSync } = await loadSqlite();
    let value;
    try {
        const db = new DatabaseSync(mprPath, { readOnly: true });
        try {
            const row = db.prepare('SELECT _ProductVersion FROM _MetaData LIMIT 1').get();
            if (!row)
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz([`The app file ${file} has an empty _MetaData table: no Mendix version in it.`]);
            value = row._ProductVersion;
        }
        finally {
            db.close();
        }
    }
    catch (error) {
        if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz)
            throw error;
        const message = error.message;
        const what = /no such table/i.test(message)
            ? 'has no _MetaData table, so it is no Mendix app file'
            : /no such column/i.test(message)
                ? 'has a _MetaData table without _ProductVersion'
                : `cannot be read as a Mendix app file (${message})`;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz([`The app file ${file} ${what}.`]);
    }
    const version = typeof value === 'string' ? value.trim() : String(value);
    if (!isMendixVersion(version)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz([
            `The app file ${file} says it was saved with Mendix ${quoted(version)}, not a four-part version such as 10.24.0.73019.`
        ]);
    }
    return version;
}


/***/ }),

/***/ 5463:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  planRunnerBuild: () => (/* binding */ planRunnerBuild)
});

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/inputs.ts + 1 modules
var inputs = __webpack_require__(4537);
// EXTERNAL MODULE: ./src/mxbuild/app-version.ts
var app_version = __webpack_require__(1253);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/input-checks.ts
var input_checks = __webpack_require__(2321);
;// CONCATENATED MODULE: ./src/mxbuild/java.ts
/**
 * The JDK MxBuild needs: `--java-home` (the JDK directory) and `--java-exe-path` (its `java`) are its required
 * options (refguide "MxBuild"). actions/setup-java sets JAVA_HOME; the `javaHome` input names another.
 */



/** The JDK from the `javaHome` input or JAVA_HOME, or a problem naming which one was wrong and how. */
function findJdk(input, env) {
    const given = input ?? env.JAVA_HOME ?? '';
    const source = input !== undefined ? "Input 'javaHome'" : 'JAVA_HOME';
    if (given === '') {
        return "build: runner needs a JDK, and JAVA_HOME is not set: add an actions/setup-java step before this one (it sets JAVA_HOME), or give javaHome, a JDK's directory.";
    }
    const home = (0,external_node_path_.resolve)(given);
    const isDirectory = (path) => (0,external_node_fs_.statSync)(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
    if (!isDirectory(home))
        return `${source} must be a JDK's directory; ${(0,input_checks/* quote */.hD)(home)} is not a directory.`;
    const java = (0,external_node_path_.join)(home, 'bin', 'java');
    if (!((0,external_node_fs_.statSync)(java, { throwIfNoEntry: false })?.isFile() ?? false)) {
        return `${source} must be a JDK's directory, with bin/java; ${(0,input_checks/* quote */.hD)(home)} has no bin/java. Set up a JDK with actions/setup-java.`;
    }
    return { home, java };
}

;// CONCATENATED MODULE: ./src/mxbuild/untrusted-code.ts
/**
 * Whether the workspace may hold code from someone the repository does not trust. A build in the runner runs the
 * app's own build logic (Java compilation, and Gradle-managed dependencies in newer Mendix versions) on a runner
 * that holds the Mendix credentials, so such code is not built unless the workflow opts in. GitHub's "Keeping
 * your GitHub Actions and workflows secure: Preventing pwn requests" names both cases: `pull_request_target`
 * runs with the base repository's secrets whatever it checks out, and a pull request's head from a fork is
 * anyone's code.
 */

/** Why the workspace may hold untrusted code, as a phrase; undefined when the run is trusted. */
function untrustedCodeReason(env) {
    const event = env.GITHUB_EVENT_NAME ?? '';
    if (event === 'pull_request_target')
        return 'the workflow runs on pull_request_target, which holds the secrets whatever code it checks out';
    let payload;
    try {
        payload = env.GITHUB_EVENT_PATH
            ? JSON.parse((0,external_node_fs_.readFileSync)(env.GITHUB_EVENT_PATH, 'utf8'))
            : undefined;
    }
    catch {
        payload = undefined;
    }
    const pr = payload?.pull_request;
    if (!pr) {
        // A pull request event whose payload cannot be read cannot show that its code is the repository's own.
        return event.startsWith('pull_request')
            ? `the ${event} event's payload (GITHUB_EVENT_PATH) cannot be read, so the pull request's origin is unknown`
            : undefined;
    }
    const head = pr.head?.repo?.full_name;
    const repository = env.GITHUB_REPOSITORY ?? '';
    if (typeof head !== 'string')
        return "the pull request's head repository is unknown (a deleted fork, or a payload without it)";
    if (head.toLowerCase() !== repository.toLowerCase())
        return `the pull request's code comes from the fork ${head}, not from ${repository || 'this repository'}`;
    return undefined;
}
/** The refusal, naming the safe pattern and the opt-in. */
function untrustedBuildProblem(reason) {
    return (`Input 'build' (runner) is refused: ${reason}. Building runs the app's own build code (Java compilation, Gradle) on this runner, ` +
        'which holds your Mendix credentials. The safe pattern: build without secrets in a pull_request workflow (MxBuild, ' +
        'keeping the .mda as an artifact), and deploy that file with packageFile from a workflow_run workflow, which runs ' +
        "your default branch's workflow with the secrets. To build here anyway, set allowUntrustedBuild: true.");
}

;// CONCATENATED MODULE: ./src/mxbuild/preflight.ts
/**
 * Everything a build in the runner needs that the file system and the event can tell, checked after the inputs
 * and before any download or request: whose code the workspace holds (untrusted-code.ts), the JDK (java.ts), the
 * app file and the Mendix version it was saved with. Every problem is reported at once, as input problems are.
 */






/** Mendix 9.22/10 on ship the Linux binary modeler/mxbuild; versions 7 and 8 ran mxbuild.exe with Mono only. */
const FIRST_LINUX_MAJOR = 9;
/** The branch or tag the workflow runs on: a pull request's head branch, else GITHUB_REF's name. */
function refNameOf(env, fallback) {
    return (env.GITHUB_HEAD_REF ||
        env.GITHUB_REF_NAME ||
        (env.GITHUB_REF ?? '').replace(/^refs\/(heads|tags)\//, '') ||
        fallback);
}
/**
 * The Mendix version the app file was saved with (app-version.ts refuses a file that is not SQLite, has no
 * `_MetaData` or no four-part version in it), or a problem.
 */
async function mendixVersionOf(mprPath) {
    let version;
    try {
        version = await (0,app_version/* readAppVersion */.W)(mprPath);
    }
    catch (error) {
        return { problem: (0,errors/* messageOf */.bD)(error) };
    }
    if (Number(version.split('.')[0]) < FIRST_LINUX_MAJOR) {
        return {
            problem: `The app was saved with Mendix ${version}; build: runner runs MxBuild's Linux binary, which Mendix ships from version 9.22 and 10 on (older ones need Mono). Upgrade the app, or build it with build: service.`
        };
    }
    return { version };
}
/** The plan of a build in the runner, or every problem found. */
async function planRunnerBuild(settings, env) {
    const problems = [];
    if (process.platform !== 'linux' || process.arch !== 'x64') {
        problems.push(`Input 'build' (runner) needs a Linux x64 runner (such as ubuntu-latest), where MxBuild's Linux binary runs; this one is ${process.platform} ${process.arch}.`);
    }
    const reason = settings.allowUntrustedBuild ? undefined : untrustedCodeReason(env);
    if (reason)
        problems.push(untrustedBuildProblem(reason));
    const jdk = findJdk(settings.javaHome, env);
    if (typeof jdk === 'string')
        problems.push(jdk);
    let mprPath;
    try {
        mprPath = (0,app_version/* findAppFile */.ve)(env.GITHUB_WORKSPACE || process.cwd(), settings.mprFile);
    }
    catch (error) {
        problems.push((0,errors/* messageOf */.bD)(error));
    }
    const found = mprPath ? await mendixVersionOf(mprPath) : {};
    if (found.problem)
        problems.push(found.problem);
    if (problems.length > 0 || !mprPath || !found.version || typeof jdk === 'string')
        return problems;
    const run = (0,inputs/* runContextFromEnv */.wX)(env);
    return {
        mprPath,
        mendixVersion: found.version,
        javaHome: jdk.home,
        javaExe: jdk.java,
        repository: run.repository,
        commit: run.sha,
        runId: run.runId,
        refName: refNameOf(env, settings.branch),
        tempDir: env.RUNNER_TEMP || (0,external_node_os_.tmpdir)()
    };
}


/***/ })

};

//# sourceMappingURL=463.index.js.map