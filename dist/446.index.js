export const id = 446;
export const ids = [446];
export const modules = {

/***/ 5446:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  buildInRunner: () => (/* binding */ buildInRunner)
});

// UNUSED EXPORTS: modelDescriptionOf, packageNameOf

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/input-checks.ts
var input_checks = __webpack_require__(2321);
// EXTERNAL MODULE: ./src/phases.ts
var src_phases = __webpack_require__(119);
// EXTERNAL MODULE: ./src/output.ts
var output = __webpack_require__(6202);
// EXTERNAL MODULE: ./src/untrusted.ts
var untrusted = __webpack_require__(873);
;// CONCATENATED MODULE: ./src/mxbuild/model-problems.ts
/**
 * The problems MxBuild writes with `--write-errors` when an app fails to build (exit code 3), reported the way
 * GitHub users read build problems: one annotation per problem at its level (Error as an error, Warning as a
 * warning, Deprecation as a notice), titled with its module and document, and a table in the job summary. The
 * file's format is the one the refguide "MxBuild" documents (`{"problems":[{name, severity, message,
 * locations:[{elementId, unitId, element, document, module}]}]}`), read as UTF-8 with a possible BOM, as
 * Mendix's Cloud Foundry buildpack reads it. Its text is the app's: annotations go through output.ts
 * (neutralised, redacted), cells through `escapeCell`.
 */



/** The reporter on a runner: annotations and the summary through output.ts. */
function runnerProblemReporter() {
    return {
        annotate: (level, message, title) => output[level](message, { title }),
        summary: markdown => output.writeSummary(markdown)
    };
}
/** An errors file larger than this is not read: a model's problems take far less. */
const MAX_FILE_BYTES = 32 * 1024 * 1024;
/**
 * GitHub shows at most 10 error and 10 warning annotations per step (and as many notices); the step's own failure
 * is one error. Beyond these, one annotation per level counts the rest; the summary lists them all.
 */
const ANNOTATIONS_PER_LEVEL = { error: 8, warning: 9, notice: 9 };
const MAX_SUMMARY_ROWS = 200;
const MESSAGE_CHARS = 2000;
const CELL_CHARS = 500;
const LEVELS = new Map([
    ['Error', 'error'],
    ['Warning', 'warning'],
    ['Deprecation', 'notice']
]);
const RANK = { error: 0, warning: 1, notice: 2 };
/** The annotation level of a severity: an unknown severity is a warning, so that it is seen but fails nothing. */
function levelOf(severity) {
    return LEVELS.get(severity) ?? 'warning';
}
class ProblemsFileError extends Error {
    constructor(message) {
        super(message);
        this.name = 'ProblemsFileError';
    }
}
const model_problems_text = (value) => (typeof value === 'string' ? value : '');
/** The problems in an errors file's text; throws ProblemsFileError when it is not the documented JSON. */
function parseProblems(raw) {
    let json;
    try {
        json = JSON.parse(raw.replace(/^\uFEFF/, ''));
    }
    catch (error) {
        throw new ProblemsFileError(`it is not JSON (${error.message})`);
    }
    const list = json?.problems;
    if (!Array.isArray(list))
        throw new ProblemsFileError('it has no "problems" list');
    return list
        .filter((entry) => typeof entry === 'object' && entry !== null)
        .map(entry => ({
        name: model_problems_text(entry.name),
        severity: model_problems_text(entry.severity) || 'Error',
        message: model_problems_text(entry.message) || '(no message)',
        locations: (Array.isArray(entry.locations) ? entry.locations : [])
            .filter((l) => typeof l === 'object' && l !== null)
            .map(l => ({ module: model_problems_text(l.module), document: model_problems_text(l.document), element: model_problems_text(l.element) }))
    }));
}
/** Reads the errors file; undefined when MxBuild wrote none. */
function readProblemsFile(path) {
    let fd;
    try {
        fd = (0,external_node_fs_.openSync)(path, 'r');
    }
    catch {
        return undefined;
    }
    try {
        const size = (0,external_node_fs_.fstatSync)(fd).size;
        if (size > MAX_FILE_BYTES)
            throw new ProblemsFileError(`it is ${size} bytes, more than the ${MAX_FILE_BYTES} read`);
        const buffer = Buffer.alloc(size);
        let read = 0;
        while (read < size) {
            const n = (0,external_node_fs_.readSync)(fd, buffer, read, size - read, read);
            if (n === 0)
                break;
            read += n;
        }
        return parseProblems(buffer.subarray(0, read).toString('utf8'));
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
}
/** Errors first, then warnings, then deprecations; the file's order within each. */
function bySeverity(problems) {
    return problems
        .map((problem, index) => ({ problem, index }))
        .sort((a, b) => RANK[levelOf(a.problem.severity)] - RANK[levelOf(b.problem.severity)] || a.index - b.index)
        .map(({ problem }) => problem);
}
function cut(value, max) {
    return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}
/** Where a problem is: `Module.Document`, or the part that is known. */
function placeOf(location) {
    if (!location)
        return '';
    return [location.module, location.document].filter(Boolean).join('.');
}
const LABELS = {
    error: 'Model error',
    warning: 'Model warning',
    notice: 'Deprecation'
};
/** One problem as a line of text: code, message, element, and every place it occurs. */
function describeProblem(problem) {
    const [first, ...more] = problem.locations;
    const element = first?.element ? ` (element: ${first.element})` : '';
    const also = more.length ? `\nAlso at: ${more.map(l => placeOf(l) || '(unknown)').join(', ')}` : '';
    return `${problem.name ? `${problem.name}: ` : ''}${problem.message}${element}${also}`;
}
/** The annotations for the problems: one each, up to the cap of its level, then one counting the rest. */
function problemAnnotations(problems) {
    const notes = [];
    for (const level of ['error', 'warning', 'notice']) {
        const ofLevel = problems.filter(p => levelOf(p.severity) === level);
        const cap = ANNOTATIONS_PER_LEVEL[level];
        const shown = ofLevel.length > cap + 1 ? ofLevel.slice(0, cap) : ofLevel;
        for (const problem of shown) {
            const place = placeOf(problem.locations[0]);
            const label = LEVELS.has(problem.severity) ? LABELS[level] : `Model ${problem.severity}`;
            notes.push({
                level,
                title: cut(place ? `${label} in ${place}` : label, 200),
                message: cut(describeProblem(problem), MESSAGE_CHARS)
            });
        }
        const rest = ofLevel.length - shown.length;
        if (rest > 0) {
            notes.push({
                level,
                title: `More: ${LABELS[level].toLowerCase()}s`,
                message: `${rest} more problem(s) of this level: the job summary and the build's log group list them all.`
            });
        }
    }
    return notes;
}
/** How many problems of each documented severity, in words: "2 errors, 1 warning". */
function countWords(problems) {
    const count = (severity, word) => {
        const n = problems.filter(p => p.severity === severity).length;
        return n ? `${n} ${word}${n === 1 ? '' : 's'}` : undefined;
    };
    const other = problems.filter(p => !LEVELS.has(p.severity)).length;
    return ([
        count('Error', 'error'),
        count('Warning', 'warning'),
        count('Deprecation', 'deprecation'),
        other ? `${other} other` : undefined
    ]
        .filter(Boolean)
        .join(', ') || 'no problems listed');
}
const cell = (value) => (value ? (0,untrusted/* escapeCell */.kq)(cut((0,untrusted/* oneLine */.TN)(value), CELL_CHARS)) : '');
/** The job summary section: one row per problem, errors first. */
function renderProblemsSummary(problems, app) {
    const lines = [
        `### ❌ MxBuild: ${(0,untrusted/* escapeCell */.kq)(app)} failed to build (${(0,untrusted/* escapeCell */.kq)(countWords(problems))})`,
        '',
        '| Severity | Code | Message | Module | Document | Element |',
        '|---|---|---|---|---|---|'
    ];
    for (const problem of problems.slice(0, MAX_SUMMARY_ROWS)) {
        const at = problem.locations[0];
        lines.push(`| ${cell(problem.severity)} | ${problem.name ? (0,untrusted/* codeCell */.MZ)(cut(problem.name, 60)) : ''} | ${cell(problem.message)} | ${cell(at?.module ?? '')} | ${cell(at?.document ?? '')} | ${cell(at?.element ?? '')} |`);
    }
    lines.push('');
    const more = problems.length - MAX_SUMMARY_ROWS;
    if (more > 0)
        lines.push(`${more} more problem(s) are listed in the build's log group.`, '');
    return lines.join('\n');
}
/** Reports the problems everywhere at once: the log, one annotation each, then the summary table. */
async function reportProblems(problems, app, reporter, logLine) {
    const sorted = bySeverity(problems);
    for (const problem of sorted) {
        const place = placeOf(problem.locations[0]);
        logLine(`${problem.severity}${place ? ` in ${place}` : ''}: ${cut(describeProblem(problem), MESSAGE_CHARS)}`);
    }
    for (const { level, title, message } of problemAnnotations(sorted))
        reporter.annotate(level, message, title);
    await reporter.summary(renderProblemsSummary(sorted, app));
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/mxbuild/run.ts
/**
 * Runs MxBuild as the refguide "MxBuild" (https://docs.mendix.com/refguide/mxbuild/) documents it:
 * `mxbuild --java-home=DIR --java-exe-path=FILE --target=package --output=FILE --write-errors=FILE ... App.mpr`,
 * with its exit codes (0 success, 1 internal error, 2 bad command-line options, 3 the app failed to build) and a
 * check that the package exists after a 0.
 *
 * MxBuild starts Java and, in newer versions, Gradle: it runs in a process group of its own, so that the deadline
 * and a cancel end all of it (SIGTERM, then SIGKILL), and whatever it leaves running after it exits is ended too.
 * Its output is the app's text: each line is bounded and printed through the Logger (output.ts neutralises it).
 */





/** MxBuild failed, or could not be run; `logTail` holds its last lines for the job summary. */
class MxBuildError extends errors/* JobError */.CR {
    exitCode;
    constructor(message, exitCode, logTail) {
        super(logTail ? `${message}\nLast lines of the build log:\n${logTail}` : message, '', logTail);
        this.exitCode = exitCode;
        this.name = 'MxBuildError';
    }
}
/** Exit code 3: the app's model has errors; each was reported (annotation, summary) before this is thrown. */
class ModelErrorsError extends MxBuildError {
    problemCount;
    constructor(message, problemCount) {
        super(message, 3);
        this.problemCount = problemCount;
        this.name = 'ModelErrorsError';
    }
}
/** A line of MxBuild's output longer than this is cut: the log stays readable, and memory bounded. */
const MAX_LINE_CHARS = 4000;
const TAIL_LINES = 25;
const KILL_GRACE_MS = 5000;
/** After MxBuild exits, how long its output may take to drain before the pipes are closed. */
const DRAIN_MS = 2000;
/** Problems named in the step's error line; the annotations and the summary have them all. */
const NAMED_IN_ERROR = 5;
/** MxBuild's command line, as documented. */
function mxbuildArguments(c) {
    return [
        `--java-home=${c.javaHome}`,
        `--java-exe-path=${c.javaExe}`,
        '--target=package',
        `--output=${c.mdaPath}`,
        `--write-errors=${c.errorsPath}`,
        ...(c.modelVersion ? [`--model-version=${c.modelVersion}`] : []),
        `--model-description=${c.modelDescription}`,
        ...(c.sbomPath ? ['--generate-sbom', `--sbom-output-path=${c.sbomPath}`] : []),
        c.mprPath
    ];
}
/**
 * The environment MxBuild runs in: the step's, without its inputs (INPUT_TOKEN, INPUT_APIKEY...) and the
 * runner's tokens (ACTIONS_RUNTIME_TOKEN, ACTIONS_ID_TOKEN_REQUEST_TOKEN...), which the app's build code has no
 * use for; JAVA_HOME is the JDK it is given, for the tools it starts.
 */
function mxbuildEnvironment(env, javaHome) {
    const kept = {};
    for (const [name, value] of Object.entries(env)) {
        if (!/^(INPUT|ACTIONS)_/i.test(name))
            kept[name] = value;
    }
    return { ...kept, JAVA_HOME: javaHome };
}
/** Splits a stream's text into lines, each cut at MAX_LINE_CHARS; keeps the last lines for an error. */
class OutputLines {
    emit;
    pending = '';
    /** Dropping the rest of a line already cut. */
    skipping = false;
    tail = [];
    constructor(emit) {
        this.emit = emit;
    }
    push(chunk) {
        const parts = chunk.split('\n');
        parts.forEach((part, i) => {
            if (!this.skipping)
                this.pending += part;
            if (i < parts.length - 1) {
                if (!this.skipping)
                    this.line(this.pending);
                this.pending = '';
                this.skipping = false;
            }
            else if (this.pending.length > MAX_LINE_CHARS) {
                this.line(this.pending);
                this.pending = '';
                this.skipping = true;
            }
        });
    }
    end() {
        if (this.pending !== '' && !this.skipping)
            this.line(this.pending);
        this.pending = '';
    }
    line(raw) {
        const text = raw.replace(/\r$/, '');
        const line = text.length > MAX_LINE_CHARS
            ? `${text.slice(0, MAX_LINE_CHARS)}… (line cut at ${MAX_LINE_CHARS} characters)`
            : text;
        this.tail.push(line);
        if (this.tail.length > TAIL_LINES)
            this.tail.shift();
        this.emit(line);
    }
}
/** Sends a signal to every process of the group led by `pid`; a group already gone is fine. */
function signalGroup(pid, signal) {
    try {
        process.kill(-pid, signal);
    }
    catch {
        // ESRCH: nothing of the group is left.
    }
}
/** Runs a command in its own process group, its output to `line`, until it exits or is ended. */
function runInGroup(executable, args, options) {
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)(executable, args, {
            cwd: options.cwd,
            env: options.env,
            detached: true,
            stdio: ['ignore', 'pipe', 'pipe']
        });
        const lines = new OutputLines(options.line);
        let stoppedFor;
        const timers = [];
        const pid = child.pid;
        // The step exits soon after a cancel (signals.ts), before a SIGKILL timer could fire: end the group on exit.
        const killOnExit = () => {
            if (pid !== undefined)
                signalGroup(pid, 'SIGKILL');
        };
        const stop = (why) => {
            if (stoppedFor || pid === undefined)
                return;
            stoppedFor = why;
            signalGroup(pid, 'SIGTERM');
            timers.push(setTimeout(() => signalGroup(pid, 'SIGKILL'), options.killGraceMs ?? KILL_GRACE_MS));
        };
        const onAbort = () => stop('cancel');
        const cleanUp = () => {
            timers.forEach(clearTimeout);
            options.signal?.removeEventListener('abort', onAbort);
            process.removeListener('exit', killOnExit);
        };
        child.on('error', error => {
            cleanUp();
            reject(new MxBuildError(`Could not start MxBuild (${executable}): ${error.message}`, null, lines.tail.join('\n')));
        });
        if (pid === undefined)
            return;
        process.once('exit', killOnExit);
        options.signal?.addEventListener('abort', onAbort, { once: true });
        if (options.signal?.aborted)
            stop('cancel');
        const remaining = options.deadline.remainingMs();
        if (Number.isFinite(remaining))
            timers.push(setTimeout(() => stop('deadline'), Math.max(0, remaining)));
        let exited;
        let streamsOpen = 2;
        const finish = () => {
            if (!exited || streamsOpen > 0)
                return;
            lines.end();
            cleanUp();
            resolve({ ...exited, stoppedFor, tail: lines.tail });
        };
        for (const stream of [child.stdout, child.stderr]) {
            stream.setEncoding('utf8');
            stream.on('data', (chunk) => lines.push(chunk));
            stream.on('close', () => {
                streamsOpen -= 1;
                finish();
            });
        }
        child.on('exit', (code, signal) => {
            exited = { code, signal };
            // Whatever the build left running in its group (a Gradle daemon, a stray java) ends with it; that also
            // closes the pipes such a process would hold open.
            signalGroup(pid, 'SIGKILL');
            timers.push(setTimeout(() => {
                child.stdout.destroy();
                child.stderr.destroy();
            }, DRAIN_MS));
            finish();
        });
    });
}
function isFile(path) {
    return (0,external_node_fs_.statSync)(path, { throwIfNoEntry: false })?.isFile() ?? false;
}
/** Runs MxBuild and returns what it wrote, or throws what its exit code means (model problems reported first). */
async function runMxBuild(command, deps) {
    const { log } = deps;
    if (deps.signal?.aborted)
        throw new errors/* CancelledError */.cc();
    if (deps.deadline.remainingMs() <= 0)
        throw new MxBuildError("The step's deadline (timeoutMinutes) passed before MxBuild could start.", null);
    const args = mxbuildArguments(command);
    log.info(`Running ${command.executable} ${args.join(' ')}`);
    const ended = await runInGroup(command.executable, args, {
        cwd: (0,external_node_path_.dirname)(command.mprPath),
        env: mxbuildEnvironment(deps.env ?? process.env, command.javaHome),
        line: text => log.info(text),
        deadline: deps.deadline,
        signal: deps.signal,
        killGraceMs: deps.killGraceMs
    });
    const tail = ended.tail.join('\n');
    const version = `MxBuild ${command.mendixVersion}`;
    if (ended.stoppedFor === 'cancel') {
        throw new errors/* CancelledError */.cc(`The step was cancelled while ${version} ran; it was ended with all its processes.`);
    }
    if (ended.stoppedFor === 'deadline') {
        throw new MxBuildError(`${version} did not finish before the step's deadline (timeoutMinutes); it was ended with all its processes, and nothing was uploaded. Raise timeoutMinutes if the build needs longer.`, ended.code, tail);
    }
    switch (ended.code) {
        case 0:
            if (!isFile(command.mdaPath)) {
                throw new MxBuildError(`${version} ended with exit code 0 (success) but wrote no package at ${command.mdaPath}.`, 0, tail);
            }
            return { mdaPath: command.mdaPath, ...(command.sbomPath ? { sbomPath: command.sbomPath } : {}) };
        case 1:
            throw new MxBuildError(`${version} stopped with an internal error (exit code 1): a fault in MxBuild or in what it runs on, not an error in the app's model. ` +
                `Check its output in the build's log group: that the JDK (${command.javaHome}) is the Java this Mendix version needs, and that the runner has enough memory.`, 1, tail);
        case 2:
            throw new MxBuildError(`${version} refused its command-line options (exit code 2): ${args.slice(0, -1).join(' ')}. ` +
                'This MxBuild may not know one of them; its output in the build log group says which. Please report it to the action, with that output.', 2, tail);
        case 3:
            return await modelErrors(command, deps, tail);
    }
    if (ended.code === null) {
        throw new MxBuildError(`${version} was ended by ${ended.signal ?? 'a signal'} before it finished${ended.signal === 'SIGKILL' ? ': the runner may have run out of memory' : ''}; nothing was uploaded.`, null, tail);
    }
    throw new MxBuildError(`${version} ended with exit code ${ended.code}, which its documentation does not describe (0 success, 1 internal error, 2 bad options, 3 model errors); nothing was uploaded.`, ended.code, tail);
}
/** Exit code 3: reads the errors file, reports every problem, and throws. */
async function modelErrors(command, deps, tail) {
    const app = (0,external_node_path_.basename)(command.mprPath);
    let problems;
    try {
        problems = readProblemsFile(command.errorsPath);
    }
    catch (error) {
        if (!(error instanceof ProblemsFileError))
            throw error;
        throw new MxBuildError(`The app ${app} failed to build (MxBuild exit code 3), and its errors file ${command.errorsPath} could not be read: ${error.message}. The build's log group shows MxBuild's output.`, 3, tail);
    }
    if (problems === undefined || problems.length === 0) {
        throw new MxBuildError(`The app ${app} failed to build (MxBuild exit code 3), but MxBuild ${problems ? 'listed no problem' : 'wrote no errors file'}; its output in the build's log group says why.`, 3, tail);
    }
    await reportProblems(problems, app, deps.reporter, line => deps.log.info(line));
    const errors = problems.filter(p => p.severity === 'Error');
    const named = (errors.length ? errors : problems)
        .slice(0, NAMED_IN_ERROR)
        .map(p => `- ${describeProblem(p)}`);
    throw new ModelErrorsError(`The app ${app} failed to build: its model has ${countWords(problems)} (MxBuild exit code 3). Nothing was uploaded. ` +
        'Each problem has an annotation, and the job summary lists them all; fix them in Studio Pro, commit and push.\n' +
        named.join('\n'), problems.length);
}

;// CONCATENATED MODULE: ./src/mxbuild/runner-build.ts
/**
 * The build in the runner (`build: runner`), as the flows use it: get MxBuild for the app's Mendix version
 * (download.ts: the CDN or a mirror, cached in the runner's tool cache), run it (run.ts), and open the package it
 * wrote for the upload both targets already have. The flows call it where a service build would run, after the
 * environment is found and before anything is uploaded or changed.
 */






function runner_build_isFile(path) {
    return (0,external_node_fs_.statSync)(path, { throwIfNoEntry: false })?.isFile() ?? false;
}
/** The package's file name, as the Portal will list it: the app's name and the version (or the commit). */
function packageNameOf(plan, modelVersion) {
    const app = (0,external_node_path_.basename)(plan.mprPath, (0,external_node_path_.extname)(plan.mprPath))
        .replace(/[^\w.-]+/g, '_')
        .slice(0, 80) || 'app';
    const suffix = (modelVersion ?? plan.commit.slice(0, 7)).replace(/[^\w.-]+/g, '_');
    return `${app}${suffix ? `_${suffix}` : ''}.mda`;
}
/** What `--model-description` says: the repository and commit built, and the workflow run that built it. */
function modelDescriptionOf(plan) {
    return `${plan.repository}@${plan.commit || 'unknown'} run ${plan.runId}`;
}
/**
 * Gets MxBuild of the app's version, runs it and opens the package it wrote; with `sbom`, the SBOM's path is the
 * output sbomPath. Throws what MxBuild's failure means, after reporting model problems.
 */
async function buildInRunner(settings, deps, deadline, reporter = runnerProblemReporter(), 
/** The package version the flow chose (versions.ts), for --model-version; none keeps MxBuild's own. */
modelVersion) {
    const plan = settings.runnerBuild;
    if (!plan)
        throw new Error('build: runner has no plan: the preflight did not run.');
    const { log, progress, signal } = deps;
    const phases = new src_phases/* Phases */.V(deps);
    const version = plan.mendixVersion;
    // Loaded only here: no other run needs the download's code.
    const { executablePath, obtainMxBuild } = await __webpack_require__.e(/* import() */ 653).then(__webpack_require__.bind(__webpack_require__, 653));
    const tool = await phases.run('download', `Get MxBuild ${version}`, () => obtainMxBuild(version, {
        baseUrl: settings.mxbuildUrl,
        sha256: settings.mxbuildSha256,
        log,
        deadline,
        signal
    }));
    log.info(tool.cached
        ? `MxBuild ${version} was in the runner's tool cache (${tool.dir}): nothing downloaded`
        : `MxBuild ${version} downloaded from ${tool.url} in ${phases.lastTime()}`);
    const executable = executablePath(tool.dir);
    if (!runner_build_isFile(executable)) {
        throw new MxBuildError(`MxBuild ${version} (${tool.url}) has no ${(0,external_node_path_.relative)(tool.dir, executable)}: the action runs MxBuild's Linux binary, which Mendix ships from 9.22 and 10 on (older versions ran mxbuild.exe with Mono).`, null);
    }
    const parent = (0,external_node_path_.join)(plan.tempDir, 'mendix-deploy-action');
    (0,external_node_fs_.mkdirSync)(parent, { recursive: true });
    const dir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(parent, 'mxbuild-'));
    const name = packageNameOf(plan, modelVersion);
    const app = (0,external_node_path_.basename)(plan.mprPath);
    const built = await phases.run('build', `Build ${app} with MxBuild ${version}`, () => runMxBuild({
        executable,
        mendixVersion: version,
        javaHome: plan.javaHome,
        javaExe: plan.javaExe,
        mprPath: plan.mprPath,
        mdaPath: (0,external_node_path_.join)(dir, name),
        errorsPath: (0,external_node_path_.join)(dir, 'errors.json'),
        ...(settings.sbom ? { sbomPath: (0,external_node_path_.join)(dir, 'sbom.json') } : {}),
        ...(modelVersion ? { modelVersion } : {}),
        modelDescription: modelDescriptionOf(plan)
    }, { log, deadline, signal, reporter }));
    log.info(`Built ${name} from ${app} with MxBuild ${version} in ${phases.lastTime()}`);
    // An SBOM asked for and not written fails the step before the upload: a later step would keep nothing.
    if (built.sbomPath && !runner_build_isFile(built.sbomPath))
        throw new MxBuildError(`MxBuild ${version} succeeded but wrote no SBOM at ${built.sbomPath}; nothing was uploaded.`, 0);
    const problems = [];
    const file = (0,input_checks/* checkPackageFile */.pd)(built.mdaPath, problems);
    if (!file)
        throw new MxBuildError(`MxBuild's package cannot be opened: ${problems.join(' ')}`, 0);
    progress.output('sbomPath', built.sbomPath);
    progress.sections.push({
        title: 'Built in the runner',
        lines: [
            `${app}, Mendix ${version}, ${plan.repository}@${plan.commit || 'unknown'}`,
            `${name}: ${file.size} bytes`,
            ...(built.sbomPath ? [`SBOM: ${built.sbomPath}`] : [])
        ]
    });
    return { file, ...(built.sbomPath ? { sbomPath: built.sbomPath } : {}) };
}


/***/ })

};

//# sourceMappingURL=446.index.js.map