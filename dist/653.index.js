export const id = 653;
export const ids = [653];
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

/***/ 653:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  executablePath: () => (/* binding */ executablePath),
  obtainMxBuild: () => (/* binding */ obtainMxBuild)
});

// UNUSED EXPORTS: IDLE_TIMEOUT_MS, MAX_ARCHIVE_BYTES, MENDIX_CDN, TOOL_NAME, archiveName, downloadUrlProblem, isSha256, mxbuildUrl, toolCacheVersion

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js + 1 modules
var lib = __webpack_require__(4942);
// EXTERNAL MODULE: ./src/app-url.ts
var app_url = __webpack_require__(8596);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/logger.ts
var logger = __webpack_require__(6999);
// EXTERNAL MODULE: ./src/mxbuild/app-version.ts
var app_version = __webpack_require__(1253);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ./src/mxbuild/tar-entries.ts
/**
 * What a `.tar.gz` holds, read before it is extracted, and whether any of it would land outside the folder it
 * is extracted into. A downloaded archive is data from a server (a mirror may be anyone's), and `tar` follows what
 * the archive says: an absolute name, a `..`, or a file written through a symbolic link that points out of the
 * folder would write elsewhere on the runner.
 *
 * The reader is our own rather than `tar -tv`, whose listing differs between GNU tar, bsdtar (macOS, Windows) and
 * versions, and cannot be parsed safely when names hold spaces or ` -> `. It reads the POSIX ustar header, the GNU
 * long-name (`L`, `K`) and pax (`x`) extensions (POSIX.1-2008, "pax"; GNU tar manual, "Basic Tar Format"), and
 * skips every file's data without keeping it.
 */


const BLOCK = 512;
/** Long names and pax records are small; a larger one is refused rather than held in memory. */
const MAX_META_BYTES = 1024 * 1024;
function tar_entries_text(block, start, length) {
    const field = block.subarray(start, start + length);
    const end = field.indexOf(0);
    return field.subarray(0, end === -1 ? length : end).toString('utf8');
}
/** A numeric header field: octal text, or GNU base-256 when its first byte has the high bit set. */
function number(block, start, length) {
    const field = block.subarray(start, start + length);
    if (field[0] & 0x80) {
        let value = field[0] & 0x7f;
        for (let i = 1; i < field.length; i++)
            value = value * 256 + field[i];
        return value;
    }
    const digits = tar_entries_text(block, start, length).trim();
    return digits ? parseInt(digits, 8) : 0;
}
function checksumOk(block) {
    let sum = 0;
    for (let i = 0; i < BLOCK; i++)
        sum += i >= 148 && i < 156 ? 32 : block[i];
    return sum === number(block, 148, 8);
}
/** The `key=value` records of a pax extended header ("<length> <key>=<value>\n" each). */
function paxRecords(data) {
    const records = {};
    let at = 0;
    while (at < data.length) {
        const space = data.indexOf(0x20, at);
        const length = space === -1 ? NaN : parseInt(data.subarray(at, space).toString('latin1'), 10);
        if (!Number.isFinite(length) || length <= 0)
            break;
        const record = data.subarray(space + 1, at + length - 1).toString('utf8');
        const equals = record.indexOf('=');
        if (equals > 0)
            records[record.slice(0, equals)] = record.slice(equals + 1);
        at += length;
    }
    return records;
}
function typeOf(flag) {
    if (flag === '0' || flag === '' || flag === '7')
        return 'file';
    if (flag === '5')
        return 'directory';
    if (flag === '2')
        return 'symlink';
    if (flag === '1')
        return 'hardlink';
    return 'other';
}
/**
 * Every entry of a gzip-compressed tar archive, in order. Rejects an archive that is not gzip, whose headers are
 * damaged, or that ends before its last entry. `signal` stops the read.
 */
async function listTarGz(path, signal) {
    const entries = [];
    let pending = Buffer.alloc(0);
    /** Data bytes of the current entry still to skip (or collect, for a long name or pax header). */
    let dataLeft = 0;
    let padLeft = 0;
    let collecting;
    let longName;
    let longLink;
    let pax = {};
    let ended = false;
    const header = (block) => {
        if (block.every(byte => byte === 0)) {
            ended = true;
            return;
        }
        if (!checksumOk(block))
            throw new Error('a tar header is damaged (bad checksum)');
        const flag = tar_entries_text(block, 156, 1);
        const size = number(block, 124, 12);
        dataLeft = size;
        padLeft = (BLOCK - (size % BLOCK)) % BLOCK;
        if (flag === 'L' || flag === 'K' || flag === 'x' || flag === 'g') {
            if (size > MAX_META_BYTES)
                throw new Error(`a tar extended header of ${size} bytes is too large`);
            collecting = { flag, chunks: [] };
            return;
        }
        const magic = tar_entries_text(block, 257, 6);
        const prefix = magic.startsWith('ustar') ? tar_entries_text(block, 345, 155) : '';
        const plainName = prefix ? `${prefix}/${tar_entries_text(block, 0, 100)}` : tar_entries_text(block, 0, 100);
        const name = pax.path ?? longName ?? plainName;
        const link = pax.linkpath ?? longLink ?? tar_entries_text(block, 157, 100);
        const type = typeOf(flag);
        entries.push({
            name,
            type,
            flag,
            mode: number(block, 100, 8),
            size: pax.size !== undefined ? Number(pax.size) : size,
            ...(type === 'symlink' || type === 'hardlink' ? { linkName: link } : {})
        });
        if (pax.size !== undefined) {
            dataLeft = Number(pax.size);
            padLeft = (BLOCK - (dataLeft % BLOCK)) % BLOCK;
        }
        longName = longLink = undefined;
        pax = {};
    };
    const metaDone = (meta) => {
        const data = Buffer.concat(meta.chunks);
        if (meta.flag === 'L')
            longName = tar_entries_text(data, 0, data.length);
        else if (meta.flag === 'K')
            longLink = tar_entries_text(data, 0, data.length);
        else if (meta.flag === 'x')
            pax = paxRecords(data);
    };
    const stream = (0,external_node_fs_.createReadStream)(path).pipe((0,external_node_zlib_.createGunzip)());
    const onAbort = () => void stream.destroy(new Error('the read of the archive was cancelled'));
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
        if (signal?.aborted)
            onAbort();
        for await (const chunk of stream) {
            pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
            let at = 0;
            while (!ended) {
                if (dataLeft > 0) {
                    const take = Math.min(dataLeft, pending.length - at);
                    if (take === 0)
                        break;
                    collecting?.chunks.push(pending.subarray(at, at + take));
                    dataLeft -= take;
                    at += take;
                    if (dataLeft > 0)
                        break;
                }
                if (padLeft > 0) {
                    const take = Math.min(padLeft, pending.length - at);
                    padLeft -= take;
                    at += take;
                    if (padLeft > 0)
                        break;
                }
                if (collecting) {
                    metaDone(collecting);
                    collecting = undefined;
                }
                if (pending.length - at < BLOCK)
                    break;
                header(pending.subarray(at, at + BLOCK));
                at += BLOCK;
            }
            // Copied, so that a kept subarray does not pin the whole chunk.
            pending = Buffer.from(pending.subarray(at));
            if (ended)
                break;
        }
    }
    finally {
        signal?.removeEventListener('abort', onAbort);
        stream.destroy();
    }
    if (!ended && (dataLeft > 0 || padLeft > 0 || pending.length > 0 || collecting)) {
        throw new Error('the archive ends in the middle of an entry (a cut download?)');
    }
    return entries;
}
const SEPARATORS = /[\\/]+/;
/** An absolute name: `/x`, `\x`, `C:x` (Windows tar reads a drive letter), or a UNC path. */
function isAbsoluteName(name) {
    return /^[\\/]/.test(name) || /^[A-Za-z]:/.test(name);
}
/** The name's parts without empty and `.` parts; backslashes count as separators (Windows tar splits on them). */
function partsOf(name) {
    return name.split(SEPARATORS).filter(part => part !== '' && part !== '.');
}
/**
 * Whether a path inside the archive's folder, followed through the archive's own symbolic links as the file
 * system would follow them, leaves the folder. Resolving link by link matters: with `a -> .`, the text `a/..`
 * looks harmless but is the folder's parent.
 */
function leavesFolder(parts, links) {
    const pending = [...parts];
    const resolved = [];
    let hops = 0;
    while (pending.length > 0) {
        const part = pending.shift();
        if (part === '..') {
            if (resolved.length === 0)
                return true;
            resolved.pop();
            continue;
        }
        resolved.push(part);
        const target = links.get(resolved.join('/'));
        if (target === undefined)
            continue;
        // A loop, or a chain longer than any file system follows, is refused as well.
        if (++hops > 40 || isAbsoluteName(target))
            return true;
        resolved.pop();
        pending.unshift(...partsOf(target));
    }
    return false;
}
/**
 * Why each entry would land outside the extraction folder, or be something no tool archive needs (a device or a
 * FIFO); empty when every entry stays inside. Symbolic links are followed as the file system would, whatever their
 * order in the archive.
 */
function escapingEntries(entries) {
    const links = new Map();
    for (const entry of entries) {
        if (entry.type === 'symlink' && entry.linkName !== undefined)
            links.set(partsOf(entry.name).join('/'), entry.linkName);
    }
    const problems = [];
    for (const entry of entries) {
        const name = JSON.stringify(entry.name);
        const parts = partsOf(entry.name);
        if (isAbsoluteName(entry.name))
            problems.push(`${name} is an absolute path`);
        else if (parts.includes('..'))
            problems.push(`${name} climbs out with ".."`);
        else if (leavesFolder(parts.slice(0, -1), links))
            problems.push(`${name} is written through a symbolic link that points outside`);
        else if (entry.type === 'symlink') {
            const target = entry.linkName ?? '';
            if (isAbsoluteName(target) || leavesFolder([...parts.slice(0, -1), ...partsOf(target)], links))
                problems.push(`${name} is a symbolic link to ${JSON.stringify(target)}, outside the folder`);
        }
        else if (entry.type === 'hardlink') {
            const target = entry.linkName ?? '';
            if (isAbsoluteName(target) || leavesFolder(partsOf(target), links))
                problems.push(`${name} is a hard link to ${JSON.stringify(target)}, outside the folder`);
        }
        else if (entry.type === 'other') {
            problems.push(`${name} is neither a file, a folder nor a link (tar type ${JSON.stringify(entry.flag)})`);
        }
    }
    return problems;
}

;// CONCATENATED MODULE: ./src/mxbuild/download.ts
/**
 * MxBuild of exactly the app's Mendix version, downloaded once per runner and kept in the runner's tool cache.
 *
 * Mendix publishes one tarball per Studio Pro release (Mendix reference guide, "MxBuild",
 * https://docs.mendix.com/refguide/mxbuild/): `https://cdn.mendix.com/runtime/mxbuild-{version}.tar.gz` for Linux
 * and `.../win-mxbuild-{version}.tar.gz` for Windows, `{version}` being the full four-part version. A mirror (an
 * air-gapped or proxy-restricted runner) serves the same file names under its own base URL.
 *
 * The tool cache is the toolkit's (`@actions/tool-cache`, what the setup-* actions use): `RUNNER_TOOL_CACHE/mxbuild/
 * <version>/<arch>`, found again by `find` on the next run of the same runner, and kept across hosted runs with
 * actions/cache on that folder. The download and the extraction are our own, not the toolkit's `downloadTool` and
 * `extractTar`: those take no AbortSignal, `downloadTool` sets no socket timeout and sleeps 10-20 s between its
 * retries, so neither the step's deadline nor a cancel could end them, and an open download would keep the step's
 * process alive after it failed. Here both end with the deadline or the cancel, and the download is hashed as it
 * streams.
 *
 * The archive is data from a server. Before anything is extracted, every entry is listed (tar-entries.ts) and an
 * archive with an entry that would land outside its folder is refused.
 */















/** Where Mendix publishes MxBuild (the reference guide's download URLs). */
const MENDIX_CDN = 'https://cdn.mendix.com/runtime/';
/** The tool cache's name for MxBuild: `RUNNER_TOOL_CACHE/mxbuild/...`. */
const TOOL_NAME = 'mxbuild';
/** A bound on a runaway or hostile server, far above any MxBuild tarball; not a size anyone expects. */
const MAX_ARCHIVE_BYTES = 4 * 1024 ** 3;
/** No byte for this long ends the download, even with time left before the deadline. */
const IDLE_TIMEOUT_MS = 60_000;
const MAX_REDIRECTS = 5;
/** What the action writes beside MxBuild in the cache: where it came from and the archive's SHA-256. */
const ORIGIN_FILE = '.mendix-deploy-action-origin.json';
/** The tarball's file name for a version: `mxbuild-<v>.tar.gz`, or `win-mxbuild-<v>.tar.gz` on Windows. */
function archiveName(version, platform = process.platform) {
    return `${platform === 'win32' ? 'win-' : ''}mxbuild-${version}.tar.gz`;
}
/** The MxBuild executable inside the tarball. */
function executablePath(dir, platform = process.platform) {
    return (0,external_node_path_.join)(dir, 'modeler', platform === 'win32' ? 'mxbuild.exe' : 'mxbuild');
}
/**
 * The tool cache's version folder for a Mendix version. The toolkit's `find` looks up exact versions only when
 * they are semver, which four parts are not, so the build number becomes a pre-release part: `10.24.0.73019` is
 * kept as `10.24.0-73019`. The README's actions/cache example keys on the Mendix version and caches
 * `RUNNER_TOOL_CACHE/mxbuild/<this>`.
 */
function toolCacheVersion(version) {
    const [major, minor, patch, build] = version.split('.');
    return `${major}.${minor}.${patch}-${build}`;
}
/**
 * Why a download base URL (the mirror input) or a download URL may not be used, as the end of a sentence; undefined
 * when it may. https only; plain http only on this machine, where nothing crosses a network.
 */
function downloadUrlProblem(text) {
    let url;
    try {
        url = new URL(text);
    }
    catch {
        return 'is not a URL';
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
        return 'is neither https nor http';
    if (url.protocol === 'http:' && !(0,app_url/* isLoopback */.U9)(url))
        return `is not https (plain http only on this machine: ${app_url/* THIS_MACHINE_NAMES */.IN})`;
    if (url.username || url.password)
        return 'carries credentials, which would be printed with it';
    if (url.search || url.hash)
        return 'has a query or a fragment, so it is no base URL to add a file name to';
    return undefined;
}
/** The URL of a version's tarball: under `baseUrl` (a mirror) or on the Mendix CDN. */
function mxbuildUrl(version, baseUrl = MENDIX_CDN, platform) {
    const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
    return new URL(archiveName(version, platform), base).toString();
}
/** Whether `text` is a SHA-256 written in hex. */
function isSha256(text) {
    return /^[0-9a-f]{64}$/i.test(text);
}
/** Ends the work when the deadline passes or the step is cancelled, with an error saying which. */
class Stopwatch {
    signal;
    controller = new AbortController();
    timer;
    onCancel = () => this.controller.abort(new errors/* CancelledError */.cc());
    constructor(deadline, signal, what) {
        this.signal = signal;
        const deadlineError = new Error(`The step's deadline (timeoutMinutes) passed while ${what}; nothing was built or deployed.`);
        if (signal?.aborted)
            this.controller.abort(new errors/* CancelledError */.cc());
        else if (deadline.remainingMs() <= 0)
            this.controller.abort(deadlineError);
        signal?.addEventListener('abort', this.onCancel, { once: true });
        this.timer = setTimeout(() => this.controller.abort(deadlineError), Math.max(0, Math.min(deadline.remainingMs(), 2 ** 31 - 1)));
    }
    /** Throws the reason the work was stopped, if it was. */
    check() {
        if (this.controller.signal.aborted)
            throw this.controller.signal.reason;
    }
    /** The reason when the work was stopped, else `error` itself. */
    explain(error) {
        return this.controller.signal.aborted ? this.controller.signal.reason : error;
    }
    stop() {
        clearTimeout(this.timer);
        this.signal?.removeEventListener('abort', this.onCancel);
    }
}
/** One GET that resolves with the response, following redirects whose targets pass the same URL rule. */
function get(url, client, signal, hops = 0) {
    return new Promise((resolve, reject) => {
        const target = new URL(url);
        const request = (target.protocol === 'https:' ? external_node_https_ : external_node_http_).get(target, {
            agent: client.getAgent(url),
            headers: { 'User-Agent': 'mendix-deploy-action' },
            signal
        });
        request.setTimeout(IDLE_TIMEOUT_MS, () => request.destroy(new Error(`no answer for ${IDLE_TIMEOUT_MS / 1000} s`)));
        request.on('error', reject);
        request.on('response', response => {
            const status = response.statusCode ?? 0;
            const location = response.headers.location;
            if (status >= 300 && status < 400 && location) {
                response.resume();
                const next = new URL(location, url).toString();
                const problem = downloadUrlProblem(next);
                if (problem)
                    return reject(new Error(`${url} redirects to ${next}, which ${problem}.`));
                if (hops >= MAX_REDIRECTS)
                    return reject(new Error(`${url}: more than ${MAX_REDIRECTS} redirects.`));
                return resolve(get(next, client, signal, hops + 1));
            }
            resolve(response);
        });
    });
}
/** Streams `url` into `dest`, hashing it; rejects on any status but 200, a cut, the size cap, or `signal`. */
async function download(url, dest, signal) {
    const client = new lib/* HttpClient */.Qq('mendix-deploy-action');
    try {
        const response = await get(url, client, signal);
        const status = response.statusCode ?? 0;
        if (status !== 200) {
            response.resume();
            const hint = status === 404
                ? ': there is no MxBuild of this version there (is the version right, and does the mirror hold it?)'
                : '';
            throw new Error(`Failed to GET ${url}: (${status}) ${response.statusMessage ?? ''}`.trim() + hint);
        }
        const hash = (0,external_node_crypto_.createHash)('sha256');
        let bytes = 0;
        const meter = new external_node_stream_.Transform({
            transform(chunk, _encoding, done) {
                bytes += chunk.length;
                if (bytes > MAX_ARCHIVE_BYTES)
                    return done(new Error(`${url} is larger than ${MAX_ARCHIVE_BYTES} bytes`));
                hash.update(chunk);
                done(null, chunk);
            }
        });
        response.setTimeout(IDLE_TIMEOUT_MS, () => response.destroy(new Error(`the download stalled: no data for ${IDLE_TIMEOUT_MS / 1000} s`)));
        await (0,external_node_stream_promises_.pipeline)(response, meter, (0,external_node_fs_.createWriteStream)(dest), { signal });
        const expected = Number(response.headers['content-length'] ?? NaN);
        if (Number.isFinite(expected) && expected !== bytes)
            throw new Error(`${url}: the download ended after ${bytes} of ${expected} bytes.`);
        return { bytes, sha256: hash.digest('hex') };
    }
    finally {
        client.dispose();
    }
}
/** Runs tar with `args`; killed when `signal` aborts. Rejects with tar's own message when it fails. */
function tar(args, signal) {
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)('tar', args, { signal, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (chunk) => {
            if (stderr.length < 4000)
                stderr += chunk.toString('utf8');
        });
        child.on('error', reject);
        child.on('close', code => code === 0 ? resolve() : reject(new Error(`tar ${args[0]} failed (exit ${code}): ${stderr.trim()}`)));
    });
}
/** A cached MxBuild that is complete, and that came from the pinned archive when a hash is pinned. */
async function cachedDir(found, platform, sha256, log) {
    if (!found || !(0,external_node_fs_.existsSync)(executablePath(found, platform)))
        return undefined;
    if (!sha256)
        return found;
    let recorded;
    try {
        recorded = JSON.parse(await (0,promises_.readFile)((0,external_node_path_.join)(found, ORIGIN_FILE), 'utf8')).sha256;
    }
    catch {
        recorded = undefined;
    }
    if (recorded?.toLowerCase() === sha256.toLowerCase())
        return found;
    log.info(`The cached MxBuild in ${found} came from an archive with SHA-256 ${recorded ?? '(not recorded)'}, not the pinned ${sha256.toLowerCase()}: downloading it again.`);
    return undefined;
}
/**
 * MxBuild of exactly `version`: from the tool cache when this runner has it (`cached: true`, no request), else
 * downloaded, checked against `sha256` when given, listed, extracted and cached. The deadline and `signal` end
 * every part of it.
 */
async function obtainMxBuild(version, options) {
    const { log, deadline, signal } = options;
    const platform = options.platform ?? process.platform;
    if (!(0,app_version/* isMendixVersion */.In)(version))
        throw new errors/* InputError */.dz([
            `${JSON.stringify(version)} is not a four-part Mendix version such as 10.24.0.73019.`
        ]);
    if (options.sha256 !== undefined && !isSha256(options.sha256))
        throw new errors/* InputError */.dz([`The MxBuild SHA-256 ${JSON.stringify(options.sha256)} is not 64 hex digits.`]);
    const base = options.baseUrl ?? MENDIX_CDN;
    const baseProblem = downloadUrlProblem(base);
    if (baseProblem)
        throw new errors/* InputError */.dz([`The MxBuild download base URL ${base} ${baseProblem}.`]);
    const url = mxbuildUrl(version, base, platform);
    const toolCache = process.env.RUNNER_TOOL_CACHE;
    const temp = process.env.RUNNER_TEMP;
    if (!toolCache || !temp) {
        throw new Error('MxBuild is kept in the runner tool cache, but RUNNER_TOOL_CACHE or RUNNER_TEMP is not set (the runner sets both).');
    }
    // The toolkit's cache is loaded only when MxBuild is wanted: a deploy of a package built elsewhere never loads it.
    const tc = await __webpack_require__.e(/* import() */ 805).then(__webpack_require__.bind(__webpack_require__, 9805));
    const cacheVersion = toolCacheVersion(version);
    const cached = await cachedDir(tc.find(TOOL_NAME, cacheVersion), platform, options.sha256, log);
    if (cached) {
        log.info(`MxBuild ${version} is in the runner's tool cache (${cached}): nothing to download.`);
        return { dir: cached, cached: true, url };
    }
    const work = (0,external_node_path_.join)(temp, `mxbuild-${(0,external_node_crypto_.randomUUID)()}`);
    const archive = (0,external_node_path_.join)(work, archiveName(version, platform));
    const folder = (0,external_node_path_.join)(work, 'extracted');
    const watch = new Stopwatch(deadline, signal, `getting MxBuild ${version}`);
    try {
        watch.check();
        await (0,promises_.mkdir)(folder, { recursive: true });
        log.info(`Downloading MxBuild ${version} from ${url}`);
        const started = Date.now();
        const got = await download(url, archive, watch.controller.signal);
        log.info(`Downloaded ${(got.bytes / 1024 ** 2).toFixed(1)} MiB in ${(0,logger/* seconds */.Y)(Date.now() - started)}; SHA-256 ${got.sha256} (pin it to refuse any other archive).`);
        // Mendix publishes no checksums for MxBuild; a pinned hash is one the user recorded from a download they trust.
        if (options.sha256 && got.sha256 !== options.sha256.toLowerCase()) {
            throw new Error(`The MxBuild archive from ${url} has SHA-256 ${got.sha256}, but ${options.sha256.toLowerCase()} is pinned: it was not extracted.`);
        }
        const entries = await listTarGz(archive, watch.controller.signal);
        const escaping = escapingEntries(entries);
        if (escaping.length > 0) {
            const shown = escaping.slice(0, 5).map(problem => `  - ${problem}`);
            if (escaping.length > 5)
                shown.push(`  - and ${escaping.length - 5} more`);
            throw new Error(`The MxBuild archive from ${url} was not extracted: ${escaping.length} of its entries would land outside the folder it is extracted into.\n${shown.join('\n')}`);
        }
        await tar(['-xzf', archive, '-C', folder], watch.controller.signal);
        const executable = executablePath(folder, platform);
        if (!(0,external_node_fs_.existsSync)(executable) || !(0,external_node_fs_.statSync)(executable).isFile()) {
            throw new Error(`The MxBuild archive from ${url} holds no ${platform === 'win32' ? 'modeler/mxbuild.exe' : 'modeler/mxbuild'}: it is not an MxBuild tarball of Mendix 9.22 or later.`);
        }
        await (0,promises_.writeFile)((0,external_node_path_.join)(folder, ORIGIN_FILE), `${JSON.stringify({ url, sha256: got.sha256 }, null, 2)}\n`);
        await (0,promises_.rm)(archive, { force: true });
        watch.check();
        const dir = await tc.cacheDir(folder, TOOL_NAME, cacheVersion);
        log.info(`MxBuild ${version} is now in the runner's tool cache: ${dir}`);
        return { dir, cached: false, url };
    }
    catch (error) {
        throw watch.explain(error);
    }
    finally {
        watch.stop();
        await (0,promises_.rm)(work, { recursive: true, force: true });
    }
}


/***/ })

};

//# sourceMappingURL=653.index.js.map