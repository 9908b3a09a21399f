import './sourcemap-register.cjs';import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 770:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

module.exports = __nccwpck_require__(218);


/***/ }),

/***/ 218:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var net = __nccwpck_require__(9278);
var tls = __nccwpck_require__(4756);
var http = __nccwpck_require__(8611);
var https = __nccwpck_require__(5692);
var events = __nccwpck_require__(4434);
var assert = __nccwpck_require__(2613);
var util = __nccwpck_require__(9023);


exports.httpOverHttp = httpOverHttp;
exports.httpsOverHttp = httpsOverHttp;
exports.httpOverHttps = httpOverHttps;
exports.httpsOverHttps = httpsOverHttps;


function httpOverHttp(options) {
  var agent = new TunnelingAgent(options);
  agent.request = http.request;
  return agent;
}

function httpsOverHttp(options) {
  var agent = new TunnelingAgent(options);
  agent.request = http.request;
  agent.createSocket = createSecureSocket;
  agent.defaultPort = 443;
  return agent;
}

function httpOverHttps(options) {
  var agent = new TunnelingAgent(options);
  agent.request = https.request;
  return agent;
}

function httpsOverHttps(options) {
  var agent = new TunnelingAgent(options);
  agent.request = https.request;
  agent.createSocket = createSecureSocket;
  agent.defaultPort = 443;
  return agent;
}


function TunnelingAgent(options) {
  var self = this;
  self.options = options || {};
  self.proxyOptions = self.options.proxy || {};
  self.maxSockets = self.options.maxSockets || http.Agent.defaultMaxSockets;
  self.requests = [];
  self.sockets = [];

  self.on('free', function onFree(socket, host, port, localAddress) {
    var options = toOptions(host, port, localAddress);
    for (var i = 0, len = self.requests.length; i < len; ++i) {
      var pending = self.requests[i];
      if (pending.host === options.host && pending.port === options.port) {
        // Detect the request to connect same origin server,
        // reuse the connection.
        self.requests.splice(i, 1);
        pending.request.onSocket(socket);
        return;
      }
    }
    socket.destroy();
    self.removeSocket(socket);
  });
}
util.inherits(TunnelingAgent, events.EventEmitter);

TunnelingAgent.prototype.addRequest = function addRequest(req, host, port, localAddress) {
  var self = this;
  var options = mergeOptions({request: req}, self.options, toOptions(host, port, localAddress));

  if (self.sockets.length >= this.maxSockets) {
    // We are over limit so we'll add it to the queue.
    self.requests.push(options);
    return;
  }

  // If we are under maxSockets create a new one.
  self.createSocket(options, function(socket) {
    socket.on('free', onFree);
    socket.on('close', onCloseOrRemove);
    socket.on('agentRemove', onCloseOrRemove);
    req.onSocket(socket);

    function onFree() {
      self.emit('free', socket, options);
    }

    function onCloseOrRemove(err) {
      self.removeSocket(socket);
      socket.removeListener('free', onFree);
      socket.removeListener('close', onCloseOrRemove);
      socket.removeListener('agentRemove', onCloseOrRemove);
    }
  });
};

TunnelingAgent.prototype.createSocket = function createSocket(options, cb) {
  var self = this;
  var placeholder = {};
  self.sockets.push(placeholder);

  var connectOptions = mergeOptions({}, self.proxyOptions, {
    method: 'CONNECT',
    path: options.host + ':' + options.port,
    agent: false,
    headers: {
      host: options.host + ':' + options.port
    }
  });
  if (options.localAddress) {
    connectOptions.localAddress = options.localAddress;
  }
  if (connectOptions.proxyAuth) {
    connectOptions.headers = connectOptions.headers || {};
    connectOptions.headers['Proxy-Authorization'] = 'Basic ' +
        new Buffer(connectOptions.proxyAuth).toString('base64');
  }

  debug('making CONNECT request');
  var connectReq = self.request(connectOptions);
  connectReq.useChunkedEncodingByDefault = false; // for v0.6
  connectReq.once('response', onResponse); // for v0.6
  connectReq.once('upgrade', onUpgrade);   // for v0.6
  connectReq.once('connect', onConnect);   // for v0.7 or later
  connectReq.once('error', onError);
  connectReq.end();

  function onResponse(res) {
    // Very hacky. This is necessary to avoid http-parser leaks.
    res.upgrade = true;
  }

  function onUpgrade(res, socket, head) {
    // Hacky.
    process.nextTick(function() {
      onConnect(res, socket, head);
    });
  }

  function onConnect(res, socket, head) {
    connectReq.removeAllListeners();
    socket.removeAllListeners();

    if (res.statusCode !== 200) {
      debug('tunneling socket could not be established, statusCode=%d',
        res.statusCode);
      socket.destroy();
      var error = new Error('tunneling socket could not be established, ' +
        'statusCode=' + res.statusCode);
      error.code = 'ECONNRESET';
      options.request.emit('error', error);
      self.removeSocket(placeholder);
      return;
    }
    if (head.length > 0) {
      debug('got illegal response body from proxy');
      socket.destroy();
      var error = new Error('got illegal response body from proxy');
      error.code = 'ECONNRESET';
      options.request.emit('error', error);
      self.removeSocket(placeholder);
      return;
    }
    debug('tunneling connection has established');
    self.sockets[self.sockets.indexOf(placeholder)] = socket;
    return cb(socket);
  }

  function onError(cause) {
    connectReq.removeAllListeners();

    debug('tunneling socket could not be established, cause=%s\n',
          cause.message, cause.stack);
    var error = new Error('tunneling socket could not be established, ' +
                          'cause=' + cause.message);
    error.code = 'ECONNRESET';
    options.request.emit('error', error);
    self.removeSocket(placeholder);
  }
};

TunnelingAgent.prototype.removeSocket = function removeSocket(socket) {
  var pos = this.sockets.indexOf(socket)
  if (pos === -1) {
    return;
  }
  this.sockets.splice(pos, 1);

  var pending = this.requests.shift();
  if (pending) {
    // If we have pending requests and a socket gets closed a new one
    // needs to be created to take over in the pool for the one that closed.
    this.createSocket(pending, function(socket) {
      pending.request.onSocket(socket);
    });
  }
};

function createSecureSocket(options, cb) {
  var self = this;
  TunnelingAgent.prototype.createSocket.call(self, options, function(socket) {
    var hostHeader = options.request.getHeader('host');
    var tlsOptions = mergeOptions({}, self.options, {
      socket: socket,
      servername: hostHeader ? hostHeader.replace(/:.*$/, '') : options.host
    });

    // 0 is dummy port for v0.6
    var secureSocket = tls.connect(0, tlsOptions);
    self.sockets[self.sockets.indexOf(socket)] = secureSocket;
    cb(secureSocket);
  });
}


function toOptions(host, port, localAddress) {
  if (typeof host === 'string') { // since v0.10
    return {
      host: host,
      port: port,
      localAddress: localAddress
    };
  }
  return host; // for v0.11 or later
}

function mergeOptions(target) {
  for (var i = 1, len = arguments.length; i < len; ++i) {
    var overrides = arguments[i];
    if (typeof overrides === 'object') {
      var keys = Object.keys(overrides);
      for (var j = 0, keyLen = keys.length; j < keyLen; ++j) {
        var k = keys[j];
        if (overrides[k] !== undefined) {
          target[k] = overrides[k];
        }
      }
    }
  }
  return target;
}


var debug;
if (process.env.NODE_DEBUG && /\btunnel\b/.test(process.env.NODE_DEBUG)) {
  debug = function() {
    var args = Array.prototype.slice.call(arguments);
    if (typeof args[0] === 'string') {
      args[0] = 'TUNNEL: ' + args[0];
    } else {
      args.unshift('TUNNEL:');
    }
    console.error.apply(console, args);
  }
} else {
  debug = function() {};
}
exports.debug = debug; // for test


/***/ }),

/***/ 8596:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   CF: () => (/* binding */ healthCheckUrl),
/* harmony export */   Hk: () => (/* binding */ appUrlRefusal),
/* harmony export */   IN: () => (/* binding */ THIS_MACHINE_NAMES),
/* harmony export */   Ii: () => (/* binding */ shownAppUrl),
/* harmony export */   U9: () => (/* binding */ isLoopback),
/* harmony export */   n1: () => (/* binding */ isLinkable),
/* harmony export */   tg: () => (/* binding */ appUrlProblems)
/* harmony export */ });
/* unused harmony export AppUrlRefusedError */
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);
/**
 * The one policy for URLs of the deployed app, and the one definition of "this machine" (loopback) that every
 * URL rule of the action uses.
 *
 * The app URL comes from the service (the Private Cloud Deploy API's `environment.deployment.appUrl`, whose own
 * examples are plain http; the v1 API's `Url`), so it is data, checked before each use:
 * - the health check sends no credential (a GET, no Mendix header, no password): https or plain http;
 * - the unit tests send the UnitTesting password in the request body: https, or plain http on this machine;
 * - the job summary shows it as a link only when https, or http on this machine (the emulator).
 * For every use, a URL on this machine is called only when `apiUrl` is on this machine too (the emulator), so a
 * service cannot point the action at a port of the runner; a link-local address (169.254.0.0/16, fe80::/10, where
 * cloud metadata services answer) is never an app, so it is never called; and a URL with credentials, a query or
 * a fragment is no base URL to add a path to.
 *
 * The flows check the app URL the environment reports before the deploy (`appUrlProblems`), so a refusal changes
 * nothing; a URL refused after the deploy (it changed meanwhile) fails the step as `AppUrlRefusedError`, which is
 * not a VerificationError: the deploy is not at fault, so nothing is rolled back for it.
 *
 * The rules read host names, not DNS: a name that resolves to this machine is not caught, which is why a
 * credential never depends on them alone (the password needs https off this machine).
 */

/**
 * 127.0.0.0/8 and ::1 (in any spelling the URL parser normalises, IPv4-mapped included), and the unspecified
 * addresses 0.0.0.0 and ::: connecting to those reaches this machine on Linux and macOS (and fails on Windows),
 * so they are this machine both for plain http (nothing crosses a network) and for the rule that keeps a service
 * from pointing the action at the runner's own ports.
 */
const THIS_MACHINE = new node_net__WEBPACK_IMPORTED_MODULE_0__.BlockList();
THIS_MACHINE.addSubnet('127.0.0.0', 8, 'ipv4');
THIS_MACHINE.addAddress('0.0.0.0', 'ipv4');
THIS_MACHINE.addAddress('::1', 'ipv6');
THIS_MACHINE.addAddress('::', 'ipv6');
/** Link-local: cloud metadata services answer at 169.254.169.254, and no app URL is link-local. */
const LINK_LOCAL = new node_net__WEBPACK_IMPORTED_MODULE_0__.BlockList();
LINK_LOCAL.addSubnet('169.254.0.0', 16, 'ipv4');
LINK_LOCAL.addSubnet('fe80::', 10, 'ipv6');
function inList(list, hostname) {
    const address = hostname.replace(/^\[(.*)\]$/, '$1');
    const family = (0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(address);
    return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}
/** Whether the URL is on this machine: localhost, 127.0.0.0/8, ::1, 0.0.0.0 or ::. */
function isLoopback(url) {
    const host = url.hostname.toLowerCase().replace(/\.$/, '');
    return host === 'localhost' || inList(THIS_MACHINE, host);
}
/** How the problems name this machine, for the rule "http only on this machine". */
const THIS_MACHINE_NAMES = 'localhost, 127.0.0.0/8, ::1, 0.0.0.0';
/**
 * Why the action does not call `appUrl` (an app URL the service reported) for `use`, as the end of a sentence
 * ("The app URL … <reason>"); undefined when it may. `apiUrl` is the Mendix API the step talks to.
 */
function appUrlRefusal(appUrl, use, apiUrl) {
    let url;
    try {
        url = new URL(appUrl);
    }
    catch {
        return 'is not a URL';
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
        return 'is neither https nor http';
    if (url.username || url.password)
        return 'carries credentials';
    if (url.search || url.hash)
        return 'has a query or a fragment, so it is no base URL to add a path to';
    if (isLoopback(url) && !isLoopback(new URL(apiUrl)))
        return 'is on this machine while the API is not';
    if (inList(LINK_LOCAL, url.hostname))
        return "is link-local (where cloud metadata answers), not an app's address";
    if (use === 'unit tests' && url.protocol === 'http:' && !isLoopback(url))
        return `is not https (plain http only on this machine: ${THIS_MACHINE_NAMES})`;
    return undefined;
}
/** The app URL as messages show it: origin and path, never credentials, a query or a fragment (or quoted). */
function shownAppUrl(appUrl) {
    if (!URL.canParse(appUrl))
        return JSON.stringify(appUrl.length > 60 ? `${appUrl.slice(0, 57)}...` : appUrl);
    const url = new URL(appUrl);
    return url.protocol === 'https:' || url.protocol === 'http:'
        ? `${url.origin}${url.pathname}`
        : `${url.protocol}…`;
}
/**
 * Before the deploy: the problems with the app URL the environment reports now, one per input that would call
 * it, each naming the input and what to do. No app URL yet is no problem here: the deploy may bring one, and it
 * is checked again after the deploy.
 */
function appUrlProblems(appUrl, environment, settings) {
    if (appUrl === undefined || appUrl === '')
        return [];
    const problems = [];
    const reported = `environment "${environment}" reports the app URL ${shownAppUrl(appUrl)}, which`;
    const health = settings.healthCheckPath ? appUrlRefusal(appUrl, 'health check', settings.apiUrl) : undefined;
    if (health) {
        problems.push(`Input 'healthCheckPath': ${reported} ${health}, so the health check would not call it; nothing was deployed. Correct the environment's app URL in the Mendix Portal, or remove healthCheckPath.`);
    }
    const unitTests = settings.unitTests && !settings.unitTestsUrl
        ? appUrlRefusal(appUrl, 'unit tests', settings.apiUrl)
        : undefined;
    if (unitTests) {
        problems.push(`Input 'unitTests': ${reported} ${unitTests}, so the unit test password would not be sent to it; nothing was deployed. Set unitTestsUrl to the app's https URL.`);
    }
    return problems;
}
/**
 * The app URL was refused after the deploy (it changed since the check before it). Not a VerificationError: the
 * deploy itself is not in doubt, so it is not rolled back for this.
 */
class AppUrlRefusedError extends Error {
    constructor(message) {
        super(message);
        this.name = 'AppUrlRefusedError';
    }
}
/** The URL the health check calls: the app URL plus `path`; throws AppUrlRefusedError when it may not. */
function healthCheckUrl(appUrl, path, apiUrl) {
    const after = 'this is not a failed deploy, so nothing is rolled back. Check the app URL of the environment in the Mendix Portal.';
    if (!appUrl) {
        throw new AppUrlRefusedError(`After the deploy the environment reports no app URL, so the health check has nothing to call; ${after}`);
    }
    const refusal = appUrlRefusal(appUrl, 'health check', apiUrl);
    if (refusal) {
        throw new AppUrlRefusedError(`After the deploy the environment reports the app URL ${shownAppUrl(appUrl)}, which ${refusal}, so the health check does not call it; ${after}`);
    }
    return new URL(`${appUrl.replace(/\/+$/, '')}${path}`).toString();
}
/** Whether the summary may show the URL as a link: https anywhere, http only on this machine (the emulator). */
function isLinkable(raw) {
    if (!URL.canParse(raw))
        return false;
    const url = new URL(raw);
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url));
}


/***/ }),

/***/ 9373:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   EY: () => (/* binding */ backoffDelay),
/* harmony export */   dQ: () => (/* binding */ realClock),
/* harmony export */   mu: () => (/* binding */ parseRetryAfter)
/* harmony export */ });
/* unused harmony exports RETRY_AFTER_MIN_MS, RETRY_AFTER_MAX_MS */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3916);
/** Time as a side effect: the real clock for the runner, a fake one for tests. */

const realClock = {
    now: () => Date.now(),
    sleep: (ms, signal) => new Promise((resolve, reject) => {
        if (signal?.aborted)
            return reject(new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .CancelledError */ .cc());
        const onAbort = () => {
            clearTimeout(timer);
            reject(new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .CancelledError */ .cc());
        };
        const timer = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
        }, ms);
        signal?.addEventListener('abort', onAbort, { once: true });
    })
};
/** Exponential backoff with full jitter: a random delay in [0, min(cap, base * 2^attempt)). */
function backoffDelay(attempt, random, baseMs = 1000, capMs = 30_000) {
    return Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
}
const RETRY_AFTER_MIN_MS = 500;
const RETRY_AFTER_MAX_MS = 120_000;
/** Reads a Retry-After header (seconds or an HTTP date) into milliseconds, clamped to a sane range. */
function parseRetryAfter(header, now) {
    if (!header)
        return undefined;
    const trimmed = header.trim();
    let ms;
    if (/^\d+(\.\d+)?$/.test(trimmed))
        ms = Number(trimmed) * 1000;
    else {
        const date = Date.parse(trimmed);
        if (Number.isNaN(date))
            return undefined;
        ms = date - now;
    }
    return Math.min(RETRY_AFTER_MAX_MS, Math.max(RETRY_AFTER_MIN_MS, ms));
}


/***/ }),

/***/ 6683:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   B2: () => (/* binding */ Deadline),
/* harmony export */   Ep: () => (/* binding */ Timeout)
/* harmony export */ });
/* unused harmony export ROLLBACK_RESERVE */
/* harmony import */ var _clock_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(9373);
/**
 * Time limits as values rather than bare epoch-ms numbers. `timeoutMinutes` is the whole step's budget: it
 * becomes a `Timeout` once, when the step starts, and every job, wait and request draws its `Deadline` from that
 * one end. With rollbackOnFailure a part of the budget is kept back, so that a deploy that fails at its
 * deadline still has time to put the previous version back and prove that it runs.
 */

/** A moment on a clock after which a wait stops and no request or retry runs. */
class Deadline {
    at;
    clock;
    constructor(
    /** Epoch ms. */
    at, clock) {
        this.at = at;
        this.clock = clock;
    }
    /** The deadline `ms` from now on `clock`. */
    static after(clock, ms) {
        return new Deadline(clock.now() + ms, clock);
    }
    /** The deadline at the epoch-ms moment `at` on `clock`. */
    static at(clock, at) {
        return new Deadline(at, clock);
    }
    /** No deadline: it never passes, and there is always time left. */
    static none() {
        return new Deadline(Infinity, _clock_js__WEBPACK_IMPORTED_MODULE_0__/* .realClock */ .dQ);
    }
    /** Milliseconds until the deadline: zero or less once it is reached. */
    remainingMs() {
        return this.at - this.clock.now();
    }
    /**
     * Whether the clock is past the deadline (at the deadline itself, not yet). `remainingMs() <= 0` is already true
     * at the deadline itself: each keeps the behaviour of the checks it replaced (a retry may still start at the
     * deadline; a wait stops there).
     */
    passed() {
        return this.clock.now() > this.at;
    }
}
/**
 * The share of the budget kept back for a rollback when rollbackOnFailure is on: enough for a Private Cloud
 * manifest PUT, its job and the readiness wait, or a Mendix Cloud stop, transport and start, at the default
 * budget (about 11 of 45 minutes).
 */
const ROLLBACK_RESERVE = 0.25;
/**
 * The `timeoutMinutes` input as a value, made once when the step starts: the step's one end, and the deadline
 * of its work, which is that end less the rollback reserve.
 */
class Timeout {
    clock;
    /** The whole step's budget. */
    ms;
    /** Kept back from the work for a rollback; 0 without rollbackOnFailure. */
    reserveMs;
    /** Epoch ms at which the step's budget is spent. */
    endsAt;
    constructor(clock, minutes, options = {}) {
        this.clock = clock;
        this.ms = minutes * 60_000;
        this.reserveMs = options.rollbackReserve ? Math.round(this.ms * ROLLBACK_RESERVE) : 0;
        this.endsAt = clock.now() + this.ms;
    }
    rollingBack = false;
    /**
     * The deadline of the job, wait or request that begins now: the step's end less the rollback reserve, or,
     * once a rollback has begun, the step's end.
     */
    deadline() {
        return Deadline.at(this.clock, this.rollingBack ? this.endsAt : this.endsAt - this.reserveMs);
    }
    /** A rollback begins: from now on every deadline may use the reserve, for the rollback and its checks. */
    useReserve() {
        this.rollingBack = true;
    }
}


/***/ }),

/***/ 3916:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   CR: () => (/* binding */ JobError),
/* harmony export */   bD: () => (/* binding */ messageOf),
/* harmony export */   cc: () => (/* binding */ CancelledError),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   mk: () => (/* binding */ VerificationError)
/* harmony export */ });
/** Error types the action reports to the user: each says what was being done and what to do about it. */
/** The message of anything thrown: an Error's message, or the value as text. */
function messageOf(error) {
    return error instanceof Error ? error.message : String(error);
}
/** One or more inputs are invalid; raised before any request is made. */
class InputError extends Error {
    problems;
    constructor(problems) {
        super(problems.length === 1 ? problems[0] : `Invalid inputs:\n${problems.map(p => `  - ${p}`).join('\n')}`);
        this.problems = problems;
        this.name = 'InputError';
    }
}
/** The step was cancelled (SIGINT/SIGTERM from the runner) while it waited or sent a request. */
class CancelledError extends Error {
    constructor(message = 'The step was cancelled.') {
        super(message);
        this.name = 'CancelledError';
    }
}
/** A Mendix job ended in failure, or the wait for it ran past its deadline. */
class JobError extends Error {
    jobId;
    logTail;
    constructor(message, jobId, 
    /** Last lines of the build log, when there is one. */
    logTail) {
        super(message);
        this.jobId = jobId;
        this.logTail = logTail;
        this.name = 'JobError';
    }
}
/** Something the action checks after the fact did not hold (e.g. the manifest no longer has our package). */
class VerificationError extends Error {
    constructor(message) {
        super(message);
        this.name = 'VerificationError';
    }
}


/***/ }),

/***/ 6803:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   AF: () => (/* binding */ patCredentials),
/* harmony export */   IB: () => (/* binding */ MendixHttp),
/* harmony export */   gc: () => (/* binding */ isTransientPollError),
/* harmony export */   hD: () => (/* binding */ ApiError),
/* harmony export */   hc: () => (/* binding */ actionsTransport)
/* harmony export */ });
/* unused harmony exports MAX_ATTEMPTS, EARLY_404_MS */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _clock_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(9373);
/* harmony import */ var _deadline_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(6683);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(3916);
/* harmony import */ var _transport_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(9646);
/* harmony import */ var _untrusted_js__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(873);
/**
 * The one HTTP layer: base URL, the credentials per request, JSON, timeouts, retries and error mapping.
 *
 * Retry policy (also in the README):
 * - `safe` requests (GETs) are retried on network errors, socket timeouts, 408, 429, 500, 502, 503, 504 and
 *   unreadable bodies, with exponential backoff and full jitter (1 s doubling to a 30 s cap), at most
 *   MAX_ATTEMPTS tries, never past the caller's deadline. Retry-After (seconds or date) wins over the backoff.
 * - `once` requests (the build POST) are retried only when the service surely did not act: connection
 *   refused, 429, or 503 with Retry-After. Any other failure after the request went out is reported with
 *   `outcomeUnknown`, and the caller decides how to find out what happened.
 * - `never` requests (the manifest PUT) are not retried here at all: the caller reads the manifest again
 *   before any second try, using `notActed`, `outcomeUnknown` and `retryAfterMs` to decide.
 * - 400, 401, 403, 404 and 422 are never retried. Redirects are never followed.
 *
 * Polls (jobs, builds, starts, backups) on both targets add one rule on top, `isTransientPollError`: a poll that
 * still fails after these retries is waited out when it is a network fault, a 429 or a 5xx (but not a v1 500 that
 * carries a documented code), or a 404 in a job's first seconds, when the service may not show the job yet.
 */








const MAX_ATTEMPTS = 5;
const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);
/** Errors that prove the request never reached the service. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);
/** Errors that no retry can mend: the answer is too large to read. */
const DEFINITIVE_CODES = new Set([_transport_js__WEBPACK_IMPORTED_MODULE_5__/* .TOO_LARGE */ .PH]);
/** The shortest time an attempt is given, even right at the deadline, so that a last look can still answer. */
const MIN_ATTEMPT_MS = 1000;
/** setTimeout's limit: a longer time (a `Deadline.none()`) would fire at once, so one attempt waits at most this. */
const MAX_ATTEMPT_MS = 2 ** 31 - 1;
/** A request failed: carries the method, URL and status, and whether the service may have acted. */
class ApiError extends Error {
    method;
    url;
    /** The HTTP status; undefined when no answer came. */
    status;
    /** True when a non-idempotent request may have taken effect although no success answer came. */
    outcomeUnknown;
    /** The service's own message, from its `{"error":{"message"}}` body. */
    serviceMessage;
    /** True when the service surely did not act (connection refused, 429, 503 with Retry-After). */
    notActed;
    /** How long the service asked to wait before trying again. */
    retryAfterMs;
    /** The v1 APIs' error code, e.g. APP_IS_RUNNING. */
    serviceCode;
    constructor(message, fields) {
        super(message);
        this.name = 'ApiError';
        this.method = fields.method;
        this.url = fields.url;
        this.status = fields.status;
        this.outcomeUnknown = fields.outcomeUnknown;
        this.serviceMessage = fields.serviceMessage;
        this.notActed = fields.notActed ?? false;
        this.retryAfterMs = fields.retryAfterMs;
        this.serviceCode = fields.serviceCode;
    }
}
/** A brand-new job or package may not be readable at once; a 404 this early is waited out. */
const EARLY_404_MS = 30_000;
/** A v1 500 with an error code (START_FAILED, DB_SYNC_FAILED...) is the service's answer, not a passing fault. */
function isDefinitive(status, serviceCode) {
    return status === 500 && serviceCode !== undefined;
}
/** Whether a failed poll may be waited out, on both targets: see the retry policy above. */
function isTransientPollError(error, elapsedMs) {
    if (!(error instanceof ApiError))
        return false;
    const { status } = error;
    if (status === undefined || status === 429)
        return true;
    if (status >= 500)
        return !isDefinitive(status, error.serviceCode);
    return status === 404 && elapsedMs < EARLY_404_MS;
}
/** The default transport. Kept under its old name: tests and callers know it so. */
function actionsTransport(socketTimeoutMs = _transport_js__WEBPACK_IMPORTED_MODULE_5__/* .SOCKET_TIMEOUT_MS */ .pi) {
    return (0,_transport_js__WEBPACK_IMPORTED_MODULE_5__/* .nodeTransport */ ._3)(socketTimeoutMs);
}
/**
 * The service's own words: `{"error":{"message"}}` (v4 APIs) or `{"errorCode","errorMessage"}` (v1 APIs).
 * The v4 specs' Error schema also lists `invalid-params` with a `name` and `reason` each; they say which
 * field was wrong, so they are added to the message.
 */
function serviceErrorOf(body) {
    try {
        const parsed = JSON.parse(body);
        const message = parsed?.error?.message ?? parsed?.errorMessage;
        const code = parsed?.errorCode;
        const params = Array.isArray(parsed?.error?.['invalid-params'])
            ? parsed.error['invalid-params']
                .filter(p => typeof p?.reason === 'string')
                .slice(0, 10)
                .map(p => (typeof p.name === 'string' ? `${p.name}: ${String(p.reason)}` : String(p.reason)))
            : [];
        const text = typeof message === 'string'
            ? `${typeof code === 'string' ? `${code}: ` : ''}${message}${params.length ? ` (${params.join('; ')})` : ''}`
            : params.length
                ? params.join('; ')
                : undefined;
        return { message: text, code: typeof code === 'string' ? code : undefined };
    }
    catch {
        return {};
    }
}
/** A Mendix personal access token, for the Private Cloud APIs. */
function patCredentials(token) {
    return {
        headers: { Authorization: `MxToken ${token}` },
        unauthorized: 'The token was not accepted: check that the secret holds a valid, unexpired Mendix personal access token.',
        forbidden: scope => `The token lacks the scope this needs: create a personal access token with ${scope} in the Mendix Portal (User Settings > Personal Access Tokens).`
    };
}
/** What a person can do about an HTTP status, for the operation at hand. */
function adviceFor(status, permission, credentials) {
    switch (status) {
        case 401:
            return credentials.unauthorized;
        case 403:
            return credentials.forbidden(permission);
        case 404:
            return 'Check the appId and environment inputs, and that the credentials belong to a member of this app.';
        case 400:
        case 422:
            return 'The service rejected the request as invalid.';
        default:
            return status >= 500 ? 'The Mendix service had a problem; try again later.' : '';
    }
}
function describeNetworkError(error) {
    const code = error?.code ?? '';
    const text = (0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .messageOf */ .bD)(error);
    return { code, text: code && !text.includes(code) ? `${code}: ${text}` : text };
}
const DEFAULT_TIMEOUT_MS = 10 * 60_000;
/** A Mendix API client: every request of the action goes through `request`. */
class MendixHttp {
    deps;
    origin;
    random;
    constructor(deps) {
        this.deps = deps;
        this.origin = new URL(deps.baseUrl).origin;
        this.random = deps.random ?? Math.random;
    }
    /** Resolves a path or same-origin absolute URL; refuses any other host, so the token never leaves the API. */
    resolve(path) {
        if (!/^https?:\/\//i.test(path))
            return `${this.deps.baseUrl}${path}`;
        const url = new URL(path);
        if (url.origin !== this.origin || url.username || url.password) {
            throw new Error(`Refusing to send the token to ${(0,_untrusted_js__WEBPACK_IMPORTED_MODULE_6__/* .displayUrl */ .Qy)(url.origin)}: it is not the API host ${this.origin}.`);
        }
        return path;
    }
    async request(options) {
        const url = this.resolve(options.path);
        const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
        const headers = {
            ...this.deps.credentials.defaultHeaders,
            ...this.deps.credentials.headers,
            Accept: 'application/json',
            ...(payload !== undefined ? { 'Content-Type': 'application/json' } : {})
        };
        return this.execute(options, url, timeoutMs => this.deps.transport.send(options.method, url, payload, headers, {
            timeoutMs: Math.min(_transport_js__WEBPACK_IMPORTED_MODULE_5__/* .REQUEST_TIMEOUT_MS */ .j2, timeoutMs),
            oversize: options.oversize,
            signal: this.deps.signal
        }));
    }
    /**
     * Uploads a file as multipart/form-data, streamed from an open descriptor (never read into memory whole,
     * never more than the size measured when it was opened). Sent once, like the build POST: retried only when
     * the service surely did not act. Its time limit is the deadline alone: a large package takes a while.
     */
    async upload(options, file) {
        const url = this.resolve(options.path);
        const boundary = `----mendix-deploy-action-${Math.random().toString(16).slice(2)}`;
        const preamble = Buffer.from(Object.entries(file.fields)
            .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
            .join('') +
            `--${boundary}\r\nContent-Disposition: form-data; name="${file.fileField}"; filename="${file.fileName}"\r\n` +
            'Content-Type: application/octet-stream\r\n\r\n');
        const epilogue = Buffer.from(`\r\n--${boundary}--\r\n`);
        const headers = {
            ...this.deps.credentials.headers,
            Accept: 'application/json',
            'Content-Type': `multipart/form-data; boundary=${boundary}`,
            'Content-Length': String(preamble.length + file.size + epilogue.length)
        };
        const body = () => node_stream__WEBPACK_IMPORTED_MODULE_1__.Readable.from((async function* () {
            yield preamble;
            if (file.size > 0) {
                yield* (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.createReadStream)('', { fd: file.fd, start: 0, end: file.size - 1, autoClose: false });
            }
            yield epilogue;
        })());
        return this.execute({ ...options, method: 'POST', retry: 'once' }, url, timeoutMs => this.deps.transport.sendStream('POST', url, body(), headers, { timeoutMs, signal: this.deps.signal }));
    }
    async execute(options, url, send) {
        const { clock, signal } = this.deps;
        const label = `${options.method} ${(0,_untrusted_js__WEBPACK_IMPORTED_MODULE_6__/* .displayUrl */ .Qy)(url)}`;
        const deadline = options.deadline ?? _deadline_js__WEBPACK_IMPORTED_MODULE_3__/* .Deadline */ .B2.after(clock, this.deps.timeoutMs ?? DEFAULT_TIMEOUT_MS);
        for (let attempt = 0;; attempt++) {
            if (signal?.aborted)
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .CancelledError */ .cc();
            const started = clock.now();
            let failure;
            let retryAfterMs;
            let retryable;
            try {
                const raw = await send(Math.min(MAX_ATTEMPT_MS, Math.max(MIN_ATTEMPT_MS, deadline.at - started)));
                this.deps.debug?.(`${label} -> ${raw.status} (${clock.now() - started} ms)`);
                if (raw.status >= 200 && raw.status < 300 && raw.truncatedFrom !== undefined) {
                    return {
                        status: raw.status,
                        headers: raw.headers,
                        body: undefined,
                        truncated: { bytes: raw.truncatedFrom, tail: raw.body }
                    };
                }
                if (raw.status >= 200 && raw.status < 300) {
                    try {
                        const body = (raw.body === '' ? undefined : JSON.parse(raw.body));
                        return { status: raw.status, headers: raw.headers, body };
                    }
                    catch {
                        failure = new ApiError(`Could not ${options.action}: ${label} answered ${raw.status} with a body that is not valid JSON (${raw.body.length} bytes, perhaps cut off).`, { method: options.method, url, status: raw.status, outcomeUnknown: options.retry !== 'safe' });
                        retryable = options.retry === 'safe';
                    }
                }
                else {
                    const { message: serviceMessage, code: serviceCode } = serviceErrorOf(raw.body);
                    const isHtml = /^\s*</.test(raw.body);
                    const said = serviceMessage ??
                        (isHtml
                            ? 'an HTML error page (from a proxy or gateway?)'
                            : raw.body.slice(0, 200) || 'no message');
                    const advice = adviceFor(raw.status, options.scope, this.deps.credentials);
                    retryAfterMs = (0,_clock_js__WEBPACK_IMPORTED_MODULE_2__/* .parseRetryAfter */ .mu)(raw.headers['retry-after'], clock.now());
                    const notActed = raw.status === 429 || (raw.status === 503 && retryAfterMs !== undefined);
                    const definitive = isDefinitive(raw.status, serviceCode);
                    retryable =
                        RETRYABLE_STATUS.has(raw.status) &&
                            !definitive &&
                            (options.retry === 'safe' || (options.retry === 'once' && notActed));
                    failure = new ApiError(`Could not ${options.action}: ${label} answered ${raw.status}: ${said}.${advice ? ` ${advice}` : ''}`, {
                        method: options.method,
                        url,
                        status: raw.status,
                        outcomeUnknown: options.retry !== 'safe' && !notActed && raw.status >= 500,
                        serviceMessage,
                        notActed,
                        retryAfterMs,
                        serviceCode
                    });
                }
            }
            catch (error) {
                if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .CancelledError */ .cc || signal?.aborted)
                    throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .CancelledError */ .cc();
                const { code, text } = describeNetworkError(error);
                const notSent = NOT_SENT_CODES.has(code);
                this.deps.debug?.(`${label} -> ${text} (${clock.now() - started} ms)`);
                retryable =
                    !DEFINITIVE_CODES.has(code) && (options.retry === 'safe' || (options.retry === 'once' && notSent));
                const what = code === _transport_js__WEBPACK_IMPORTED_MODULE_5__/* .BODY_CUT */ .Cj || code === _transport_js__WEBPACK_IMPORTED_MODULE_5__/* .TOO_LARGE */ .PH ? 'got no complete answer' : 'got no answer';
                failure = new ApiError(`Could not ${options.action}: ${label} ${what} (${text}).`, {
                    method: options.method,
                    url,
                    outcomeUnknown: options.retry !== 'safe' && !notSent,
                    notActed: notSent
                });
            }
            const delay = retryAfterMs ?? (0,_clock_js__WEBPACK_IMPORTED_MODULE_2__/* .backoffDelay */ .EY)(attempt, this.random);
            if (!retryable || attempt + 1 >= MAX_ATTEMPTS || clock.now() + delay > deadline.at)
                throw failure;
            this.deps.debug?.(`retrying ${label} in ${delay} ms (attempt ${attempt + 2} of ${MAX_ATTEMPTS})`);
            await clock.sleep(delay, signal);
        }
    }
}


/***/ }),

/***/ 2321:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   B8: () => (/* binding */ SUBDOMAIN),
/* harmony export */   He: () => (/* binding */ checkSecretWord),
/* harmony export */   L1: () => (/* binding */ DEFAULT_MENDIX_CLOUD_API_URL),
/* harmony export */   M8: () => (/* binding */ checkHealthPath),
/* harmony export */   SV: () => (/* binding */ checkNeedsRunningApp),
/* harmony export */   Sz: () => (/* binding */ checkApiUrl),
/* harmony export */   cG: () => (/* binding */ checkHours),
/* harmony export */   dO: () => (/* binding */ checkStatus),
/* harmony export */   eN: () => (/* binding */ checkTimeout),
/* harmony export */   fp: () => (/* binding */ checkInstances),
/* harmony export */   g: () => (/* binding */ MODE),
/* harmony export */   hD: () => (/* binding */ quote),
/* harmony export */   kk: () => (/* binding */ UUID),
/* harmony export */   nv: () => (/* binding */ checkNeedsWait),
/* harmony export */   ot: () => (/* binding */ parseVersion),
/* harmony export */   pO: () => (/* binding */ checkBoolean),
/* harmony export */   pd: () => (/* binding */ checkPackageFile),
/* harmony export */   qW: () => (/* binding */ checkText),
/* harmony export */   rK: () => (/* binding */ DEFAULT_API_URL),
/* harmony export */   sC: () => (/* binding */ checkPreviewMode),
/* harmony export */   wE: () => (/* binding */ checkCount),
/* harmony export */   xG: () => (/* binding */ parseNameValues)
/* harmony export */ });
/* unused harmony exports DEFAULT_TIMEOUT_MINUTES, MAX_TIMEOUT_MINUTES, VERSION, MAX_INSTANCES, PREVIEW_MODES */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _app_url_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(8596);
/* harmony import */ var _untrusted_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(873);
/* harmony import */ var _versions_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(7902);
/**
 * The checks behind the input table: each reads one raw input (trimmed, '' when absent), adds a problem that
 * names the input and what is allowed when it is wrong, and returns the value to use.
 */





const DEFAULT_API_URL = 'https://privatecloud.mendixcloud.com/api/v4';
const DEFAULT_MENDIX_CLOUD_API_URL = 'https://deploy.mendix.com/api/1';
const DEFAULT_TIMEOUT_MINUTES = 30;
/** GitHub stops a job after 6 hours; waiting longer than that cannot help. */
const MAX_TIMEOUT_MINUTES = 360;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SUBDOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const MODE = /^[A-Za-z0-9_-]{1,64}$/;
const VERSION = /^\d+\.\d+\.\d+$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
function quote(value) {
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}
/** A URL input: https (http only on this machine), no credentials, query or fragment; no trailing slash. */
function checkApiUrl(raw, problems, rules = 'apiUrl') {
    const { name, example = `a URL such as ${DEFAULT_API_URL}`, why = '' } = typeof rules === 'string' ? { name: rules } : rules;
    let url;
    try {
        url = new URL(raw);
    }
    catch {
        problems.push(`Input '${name}' must be ${example}; got ${quote((0,_untrusted_js__WEBPACK_IMPORTED_MODULE_3__/* .displayUrl */ .Qy)(raw))}.`);
        return raw;
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && (0,_app_url_js__WEBPACK_IMPORTED_MODULE_2__/* .isLoopback */ .U9)(url))) {
        problems.push(`Input '${name}' must use https (http is allowed only on this machine: ${_app_url_js__WEBPACK_IMPORTED_MODULE_2__/* .THIS_MACHINE_NAMES */ .IN})${why}; got ${quote((0,_untrusted_js__WEBPACK_IMPORTED_MODULE_3__/* .displayUrl */ .Qy)(raw))}.`);
    }
    if (url.username || url.password || url.search || url.hash) {
        problems.push(`Input '${name}' must not contain credentials, a query or a fragment; got ${quote(url.origin + url.pathname)}.`);
    }
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
function checkText(name, value, max, problems) {
    if (value === '')
        problems.push(`Input '${name}' is required: give a value of 1 to ${max} characters.`);
    else if (value.length > max)
        problems.push(`Input '${name}' must be at most ${max} characters; got ${value.length}.`);
    else if (CONTROL_CHARACTERS.test(value))
        problems.push(`Input '${name}' must not contain control characters or line breaks.`);
}
/**
 * The version input: x.y.z, or patch, minor or major (the next version after the app's highest). Empty gives the
 * release tag's version (`tagVersion`), else undefined. A leading v is taken only from the run's own tag, as
 * `${{ github.ref_name }}` gives it there.
 */
function parseVersion(raw, tagVersion, problems) {
    if (raw === '')
        return tagVersion === undefined ? undefined : { fixed: tagVersion };
    if (_versions_js__WEBPACK_IMPORTED_MODULE_4__/* .BUMPS */ .ou.includes(raw))
        return { bump: raw };
    if (tagVersion !== undefined && raw === `v${tagVersion}`)
        return { fixed: tagVersion };
    if (VERSION.test(raw) && raw.length <= _versions_js__WEBPACK_IMPORTED_MODULE_4__/* .MAX_VERSION_LENGTH */ .ze)
        return { fixed: raw };
    const forms = `have the form x.y.z (digits, at most ${_versions_js__WEBPACK_IMPORTED_MODULE_4__/* .MAX_VERSION_LENGTH */ .ze} characters, e.g. 1.4.2) or be patch, minor or major (the next version after the highest of the app's packages)`;
    problems.push(/^v\d+\.\d+\.\d+$/.test(raw)
        ? `Input 'version' must ${forms}; got ${quote(raw)}: a leading v is read only from the tag the workflow runs on (v1.4.2 gives 1.4.2 by itself there).`
        : `Input 'version' must ${forms}; got ${quote(raw)}.`);
    return undefined;
}
function checkTimeout(raw, problems) {
    if (raw === '')
        return DEFAULT_TIMEOUT_MINUTES;
    const value = Number(raw);
    if (!/^\d+(\.\d+)?$/.test(raw) || !(value > 0) || value > MAX_TIMEOUT_MINUTES) {
        problems.push(`Input 'timeoutMinutes' must be a number of minutes above 0 and at most ${MAX_TIMEOUT_MINUTES}; got ${quote(raw)}.`);
    }
    return value;
}
function checkBoolean(name, raw, fallback, problems) {
    if (raw === '')
        return fallback;
    if (/^(true|yes|on)$/i.test(raw))
        return true;
    if (/^(false|no|off)$/i.test(raw))
        return false;
    problems.push(`Input '${name}' must be true or false; got ${quote(raw)}.`);
    return fallback;
}
/**
 * Parses `Name=value` (or `Name: value`) lines; blank lines and # comments are skipped. A line that starts
 * with `secret ` holds a value to mask in every log.
 */
function parseNameValues(input, text, problems) {
    const items = [];
    text.split(/\r?\n/).forEach((line, index) => {
        const trimmed = line.trim();
        if (trimmed === '' || trimmed.startsWith('#'))
            return;
        const secret = /^secret\s+/.test(trimmed);
        const match = /^([A-Za-z_][\w.-]*)\s*[=:]\s?(.*)$/.exec(trimmed.replace(/^secret\s+/, ''));
        if (!match) {
            problems.push(`Input '${input}' line ${index + 1} must have the form Name=value (or secret Name=value).`);
            return;
        }
        items.push({ name: match[1], value: match[2], ...(secret ? { secret } : {}) });
    });
    return items;
}
/**
 * An existing regular .mda file, resolved against the workspace (the step's working directory). A symlink or a
 * special file is refused (a link to /proc/self/environ would stream the runner's environment), and the file is
 * opened here, once, so the size checked is the size of what is sent.
 */
function checkPackageFile(raw, problems) {
    if (raw === '')
        return undefined;
    const path = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(raw);
    const name = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.basename)(path);
    if (!/\.mda$/i.test(path)) {
        problems.push(`Input 'packageFile' must be a Mendix deployment package ending in .mda; got ${quote(raw)}.`);
        return undefined;
    }
    // eslint-disable-next-line no-control-regex
    if (/["\r\n]|[\u0000-\u001f\u007f]/.test(name)) {
        problems.push(`Input 'packageFile' must name a file without quotes, line breaks or control characters; rename the file.`);
        return undefined;
    }
    let fd;
    try {
        if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(path).isSymbolicLink()) {
            problems.push(`Input 'packageFile' must be a regular file, not a symbolic link: ${quote(path)}. Give the path of the .mda itself.`);
            return undefined;
        }
        fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(path, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY | (node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NOFOLLOW ?? 0));
        const stat = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd);
        if (!stat.isFile()) {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
            problems.push(`Input 'packageFile' must be a regular file; ${quote(path)} is not one.`);
            return undefined;
        }
        return { path, fd, size: stat.size, name };
    }
    catch {
        if (fd !== undefined)
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
        problems.push(`Input 'packageFile': no file at ${quote(path)}; build it first (e.g. with mxbuild) or fix the path.`);
        return undefined;
    }
}
/** Whether a path climbs out with `..` or `.` segments, also when they are percent-encoded (`%2e%2e`). */
function hasDotSegment(path) {
    let decoded = path;
    // Decoded until stable, so that double encoding (%252e) is caught too.
    for (let i = 0; i < 3; i++) {
        try {
            const next = decodeURIComponent(decoded);
            if (next === decoded)
                break;
            decoded = next;
        }
        catch {
            return true;
        }
    }
    return (decoded.split(/[/\\?#]/).some(segment => segment === '..' || segment === '.') || decoded.includes('..'));
}
function checkHealthPath(raw, problems) {
    if (raw === '')
        return undefined;
    if (!/^\/[^\s]*$/.test(raw) || hasDotSegment(raw)) {
        problems.push(`Input 'healthCheckPath' must be a path starting with /, e.g. /health; got ${quote(raw)}.`);
    }
    return raw;
}
function checkStatus(raw, problems) {
    if (raw === '')
        return 200;
    if (!/^[1-5]\d\d$/.test(raw))
        problems.push(`Input 'healthCheckStatus' must be an HTTP status such as 200; got ${quote(raw)}.`);
    return Number(raw);
}
function checkCount(name, raw, problems) {
    if (raw === '')
        return undefined;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < 1 || value > 1000) {
        problems.push(`Input '${name}' must be a whole number from 1 to 1000; got ${quote(raw)}.`);
    }
    return value;
}
/** The Deploy API's range for `container.instances`: 0 (the app stopped) to 10. */
const MAX_INSTANCES = 10;
/**
 * The `instances` row: a whole number from 0 to 10, as the Deploy API's `container.instances`. 0 deploys the
 * package with the app stopped (no instances run it), which is what the API means by 0.
 */
function checkInstances(raw, problems) {
    if (raw === '')
        return undefined;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value > MAX_INSTANCES) {
        problems.push(`Input 'instances' must be a whole number from 0 to ${MAX_INSTANCES} (the Deploy API's container.instances; 0 deploys the package with the app stopped); got ${quote(raw)}.`);
    }
    return value;
}
const IS_FALSE = /^(false|no|off)$/i;
/**
 * An option that acts once the deploy has finished (`what`) is refused with `wait: false`, which ends the step as
 * soon as the deploy is accepted: it would be skipped without a word while the step ended green.
 */
function checkNeedsWait(name, used, waitInput, what, problems) {
    if (used && IS_FALSE.test(waitInput)) {
        problems.push(`Input '${name}' needs wait: true: with wait: false the step ends once the deploy is accepted, before ${what}. Remove ${name}, or set wait: true.`);
    }
}
/** An option that needs the app running is refused with `instances: 0`, which deploys the package stopped. */
function checkNeedsRunningApp(name, used, instancesInput, problems) {
    if (used && /^0+$/.test(instancesInput)) {
        problems.push(`Input '${name}' needs the app running, but instances: 0 deploys the package with the app stopped. Remove ${name}, or set instances to 1 or more.`);
    }
}
function checkSecretWord(name, value, example, problems) {
    if (value === '')
        problems.push(`Input '${name}' is required for this target, e.g. ${name}: ${example}.`);
    // Say nothing about a secret's content, even when malformed.
    else if (/\s/.test(value)) {
        problems.push(`Input '${name}' must be a single word with no spaces or line breaks: check the secret's value.`);
    }
}
/** The values of the `preview` input: what to do with pull-request preview environments. */
const PREVIEW_MODES = ['deploy', 'cleanup', 'sweep'];
function checkPreviewMode(raw, problems) {
    if (raw === '')
        return undefined;
    if (!PREVIEW_MODES.includes(raw)) {
        problems.push(`Input 'preview' must be ${PREVIEW_MODES.join(', ')} or empty; got ${quote(raw)}.`);
        return undefined;
    }
    return raw;
}
function checkHours(name, raw, fallback, problems) {
    if (raw === '')
        return fallback;
    const value = Number(raw);
    if (!/^\d+(\.\d+)?$/.test(raw) || !(value > 0) || value > 24 * 365) {
        problems.push(`Input '${name}' must be a number of hours above 0 and at most 8760; got ${quote(raw)}.`);
    }
    return value;
}


/***/ }),

/***/ 3015:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  mc: () => (/* binding */ INPUTS),
  dW: () => (/* binding */ TARGETS)
});

// UNUSED EXPORTS: versionFromRef

// EXTERNAL MODULE: ./src/input-checks.ts
var input_checks = __nccwpck_require__(2321);
;// CONCATENATED MODULE: ./src/mxbuild/settings.ts
/**
 * The checks behind the inputs of a build in the runner (`build: runner` and the inputs only it uses), for the
 * rows of input-table.ts. Each adds a problem naming the input and what is allowed; files and the JDK are looked
 * at later, in preflight.ts, still before any download or request.
 */

/** Where the package is built: by Mendix's build service from Team Server, or by MxBuild on this runner. */
const BUILD_MODES = ['service', 'runner'];
/**
 * The documented download location of MxBuild (refguide "MxBuild": `https://cdn.mendix.com/runtime/mxbuild-
 * {mxversion}.tar.gz`); a mirror keeps the same file names below its own base URL.
 */
const DEFAULT_MXBUILD_URL = 'https://cdn.mendix.com/runtime';
const runner = (c) => c.input('build') === 'runner';
/**
 * The `build` input. A build in the runner makes the package itself, so the inputs that name another package
 * (packageFile, promoteFrom) and the preview runs that build nothing (cleanup, sweep) are refused with it.
 */
function parseBuildMode(raw, c) {
    const mode = raw === '' ? 'service' : raw;
    if (!BUILD_MODES.includes(mode)) {
        c.problems.push(`Input 'build' must be ${BUILD_MODES.join(' or ')}; got ${(0,input_checks/* quote */.hD)(raw)}.`);
        return 'service';
    }
    if (mode !== 'runner')
        return 'service';
    const others = [['packageFile', 'uploads a package built elsewhere']];
    if (c.target === 'private-cloud')
        others.push(['promoteFrom', 'deploys the package another environment runs']);
    for (const [name, what] of others) {
        if (c.input(name) !== '')
            c.problems.push(`Inputs 'build' (runner) and '${name}' each say where the package comes from: build: runner builds it with MxBuild, ${name} ${what}. Give one of them.`);
    }
    const preview = c.target === 'private-cloud' ? c.input('preview') : '';
    if (preview === 'cleanup' || preview === 'sweep')
        c.problems.push(`Input 'build' (runner) builds a package, and preview: ${preview} builds none: remove build from this step.`);
    return 'runner';
}
/** An input that only a build in the runner reads is refused without one: it would be ignored without a word. */
function runnerOnly(name, given, c) {
    if (given && !runner(c))
        c.problems.push(`Input '${name}' is for a build in the runner (MxBuild): set build: runner, or remove ${name}.`);
}
/** `mprFile`: the app file, relative to the workspace; empty looks for the one .mpr there. */
function parseMprFile(raw, c) {
    runnerOnly('mprFile', raw !== '', c);
    if (raw === '')
        return undefined;
    (0,input_checks/* checkText */.qW)('mprFile', raw, 500, c.problems);
    return raw;
}
/** `mxbuildUrl`: a mirror of the CDN's folder; https, because what it serves runs on this runner. */
function parseMxBuildUrl(raw, c) {
    runnerOnly('mxbuildUrl', raw !== '', c);
    if (raw === '')
        return undefined;
    return (0,input_checks/* checkApiUrl */.Sz)(raw, c.problems, {
        name: 'mxbuildUrl',
        example: `a base URL such as ${DEFAULT_MXBUILD_URL}, below which mxbuild-<version>.tar.gz is found`,
        why: ': MxBuild from it runs on this runner'
    });
}
/** `mxbuildSha256`: the tarball's SHA-256, 64 hexadecimal digits (Mendix publishes none to compare with). */
function parseMxBuildSha256(raw, c) {
    runnerOnly('mxbuildSha256', raw !== '', c);
    if (raw === '')
        return undefined;
    if (!/^[0-9a-f]{64}$/i.test(raw)) {
        c.problems.push(`Input 'mxbuildSha256' must be the SHA-256 of the MxBuild tarball, 64 hexadecimal digits (e.g. the output of sha256sum); got ${(0,input_checks/* quote */.hD)(raw)}.`);
    }
    return raw.toLowerCase();
}
/** `javaHome`: the JDK directory; empty takes JAVA_HOME (checked in preflight.ts, with the file system). */
function parseJavaHome(raw, c) {
    runnerOnly('javaHome', raw !== '', c);
    if (raw === '')
        return undefined;
    (0,input_checks/* checkText */.qW)('javaHome', raw, 500, c.problems);
    return raw;
}
/** A true/false input of the build in the runner (`sbom`, `allowUntrustedBuild`); default false. */
function parseRunnerFlag(name, raw, c) {
    const on = (0,input_checks/* checkBoolean */.pO)(name, raw, false, c.problems);
    runnerOnly(name, on, c);
    return on;
}

// EXTERNAL MODULE: ./src/repository.ts
var repository = __nccwpck_require__(3627);
;// CONCATENATED MODULE: ./src/unit-tests/settings.ts
/**
 * The three inputs of the unit test step (issue 16): `unitTests`, `unitTestsPassword` and `unitTestsUrl`, read and
 * checked like every other input, each problem naming the input and what it allows.
 *
 * The UnitTesting module (Mendix Marketplace, https://docs.mendix.com/appstore/modules/unit-testing/) serves a
 * remote API on the running app when the constants `UnitTesting.RemoteApiEnabled` and
 * `UnitTesting.RemoteApiPassword` are set; the password is the only thing that guards it.
 */

// eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
/** The `unitTestsUrl` row: https (or http on this machine), no credentials, query or fragment. */
function parseUnitTestsUrl(raw, problems) {
    if (raw === '')
        return undefined;
    const url = (0,input_checks/* checkApiUrl */.Sz)(raw, problems, {
        name: 'unitTestsUrl',
        example: "the app's URL, e.g. https://orders-test.mendixcloud.com",
        // The password travels in the request body: never in clear over a network.
        why: ', since the unit test password is sent to it'
    });
    // A URL that does not parse is no URL to use; one that breaks another rule fails the inputs anyway.
    return URL.canParse(raw) ? url : undefined;
}
/** The `unitTests` row: true or false (default false); on, it needs `wait: true`. */
function parseUnitTestsFlag(raw, problems, waitInput = '') {
    let enabled = false;
    if (/^(true|yes|on)$/i.test(raw))
        enabled = true;
    else if (raw !== '' && !/^(false|no|off)$/i.test(raw))
        problems.push(`Input 'unitTests' must be true or false; got ${(0,input_checks/* quote */.hD)(raw)}.`);
    (0,input_checks/* checkNeedsWait */.nv)('unitTests', enabled, waitInput, 'the unit tests', problems);
    return enabled;
}
/**
 * The `unitTestsPassword` row: required when the step is on. Given while `unitTests` is off, it is accepted and
 * unused, so that a workflow can switch the step with an expression and keep the rest.
 */
function parseUnitTestsPassword(raw, problems, enabled) {
    if (!enabled)
        return raw;
    // Say nothing about the password's content, even when it is refused.
    if (raw === '') {
        problems.push("Input 'unitTestsPassword' is required with unitTests: true: the value of the app's constant UnitTesting.RemoteApiPassword, from a secret, e.g. unitTestsPassword: ${{ secrets.MENDIX_UNIT_TESTS_PASSWORD }}.");
    }
    else if (CONTROL_CHARACTERS.test(raw)) {
        problems.push("Input 'unitTestsPassword' must not contain line breaks or control characters: check the secret's value.");
    }
    return raw;
}
/** The three inputs read together, as the step uses them; each problem names its input. */
function readUnitTestSettings(getInput, problems) {
    const enabled = parseUnitTestsFlag(getInput('unitTests'), problems, getInput('wait'));
    const password = parseUnitTestsPassword(getInput('unitTestsPassword'), problems, enabled);
    const url = parseUnitTestsUrl(getInput('unitTestsUrl'), problems);
    return { enabled, password, url };
}

;// CONCATENATED MODULE: ./src/input-table.ts
/**
 * Every input of the action, declared once. The table drives the parsing (each row's `parse`), the check
 * that an input belongs to the target it is given for (`targets`), the masking of secrets (`secret`), the
 * settings' types (inputs.ts derives them from the rows), and action.yml's inputs, from which the README's
 * table is made: `npm run docs` writes both, and a test holds them to this table.
 *
 * To add an input: add a row here, use the new settings field where it matters, and run `npm run docs`.
 */




const TARGETS = ['private-cloud', 'mendix-cloud'];
/** The release tag's version: `v1.4.2` or `1.4.2`. */
function versionFromRef(ref) {
    return /^refs\/tags\/v?(\d+\.\d+\.\d+)$/.exec(ref)?.[1];
}
function input_table_text(name, value, max, c) {
    (0,input_checks/* checkText */.qW)(name, value, max, c.problems);
    return value;
}
function optionalText(name, value, max, c) {
    if (value === '')
        return undefined;
    return input_table_text(name, value, max, c);
}
function secretWord(name, value, example, c) {
    (0,input_checks/* checkSecretWord */.He)(name, value, example, c.problems);
    return value;
}
function environmentName(raw, c) {
    // A preview's environment is chosen per pull request, not named.
    if (c.input('preview') !== '') {
        if (raw !== '')
            c.problems.push(`Input 'environment' is not used with preview: each pull request gets its own environment, copied from previewFrom; remove it.`);
        return raw;
    }
    (0,input_checks/* checkText */.qW)('environment', raw, 100, c.problems);
    if (raw.includes('/') || raw.includes('\\') || raw.includes('..')) {
        c.problems.push(`Input 'environment' must be an environment id or name without '/', '\\' or '..'; got ${(0,input_checks/* quote */.hD)(raw)}.`);
    }
    return raw;
}
function environmentMode(raw, c) {
    environmentName(raw, c);
    if (raw !== '' && !input_checks/* MODE */.g.test(raw)) {
        c.problems.push(`Input 'environment' must be Test, Acceptance, Production or a flexible environment's name for target mendix-cloud; got ${(0,input_checks/* quote */.hD)(raw)}.`);
    }
    return raw;
}
function privateCloudAppId(raw, c) {
    if (raw === '') {
        c.problems.push("Input 'appId' is required: the app's UUID, shown as App ID on the app's General Settings in the Mendix Portal.");
    }
    else if (input_checks/* SUBDOMAIN */.B8.test(raw) && !input_checks/* UUID */.kk.test(raw)) {
        c.problems.push(`Input 'appId' must be the app's UUID for target private-cloud; ${(0,input_checks/* quote */.hD)(raw)} looks like a Mendix Cloud subdomain: for an app on the classic Mendix Cloud, set target: mendix-cloud.`);
    }
    else if (!input_checks/* UUID */.kk.test(raw)) {
        c.problems.push(`Input 'appId' must be the app's UUID (App ID in the Mendix Portal), e.g. 4b1ad3c2-7f0e-4d8a-9c55-2e6f1a8b9d70; got ${(0,input_checks/* quote */.hD)(raw)}.`);
    }
    return raw.toLowerCase();
}
function mendixCloudAppId(raw, c) {
    if (raw === '') {
        c.problems.push("Input 'appId' is required for target mendix-cloud: the app's subdomain, e.g. orders-demo.");
    }
    else if (!input_checks/* SUBDOMAIN */.B8.test(raw)) {
        c.problems.push(`Input 'appId' must be the app's subdomain for target mendix-cloud, e.g. orders-demo; got ${(0,input_checks/* quote */.hD)(raw)}.`);
    }
    return raw.toLowerCase();
}
const INPUTS = {
    target: {
        description: 'Where the app runs - private-cloud (Mendix for Private Cloud, v4 APIs) or mendix-cloud (the classic Mendix Cloud, v1 APIs).',
        default: 'private-cloud',
        parse: (raw) => (raw || 'private-cloud')
    },
    token: {
        description: 'Mendix personal access token (PAT); pass it from a secret. private-cloud (required) - scopes mx:privatecloud-build:write, mx:modelrepository:write and mx:deployment:write, plus mx:modelrepository:repo:read for revision latest and branch checks. mendix-cloud (optional) - scope mx:modelrepository:repo:read, needed for revision latest and used to check the branch name.',
        secret: true,
        parse: {
            'private-cloud': (raw, c) => secretWord('token', raw, '${{ secrets.MENDIX_TOKEN }}', c),
            'mendix-cloud': (raw, c) => raw === '' ? undefined : secretWord('token', raw, '${{ secrets.MENDIX_TOKEN }}', c)
        }
    },
    username: {
        description: 'mendix-cloud - the Mendix login the API key belongs to.',
        targets: ['mendix-cloud'],
        parse: (raw, c) => {
            if (raw === '' || /\s/.test(raw))
                c.problems.push("Input 'username' is required for target mendix-cloud: the Mendix login the API key belongs to.");
            return raw;
        }
    },
    apiKey: {
        description: "mendix-cloud - the user's Mendix API key (sent as Mendix-ApiKey). Pass it from a secret.",
        targets: ['mendix-cloud'],
        secret: true,
        parse: (raw, c) => secretWord('apiKey', raw, '${{ secrets.MENDIX_API_KEY }}', c)
    },
    appId: {
        description: "private-cloud - the app's ID (a UUID, App ID in the Mendix Portal). mendix-cloud - the app's subdomain, e.g. orders-demo.",
        required: true,
        parse: { 'private-cloud': privateCloudAppId, 'mendix-cloud': mendixCloudAppId }
    },
    branch: {
        description: 'The Team Server branch to build, e.g. main (Git) or trunk (SVN), feature-x or branches/feature-x; either spelling is accepted and sent in the form each build API expects. 1 to 200 characters.',
        default: 'main',
        parse: (raw, c) => input_table_text('branch', raw, 200, c)
    },
    revision: {
        description: 'The Team Server revision to build (a Git hash or an SVN number, 1 to 50 characters), or latest for the branch head, looked up in the App Repository API. Use github.sha only when the GitHub repository mirrors the Team Server one.',
        default: 'latest',
        parse: (raw, c) => {
            // Empty means `latest`: the branch head, looked up in the App Repository API before the build.
            const revision = raw === '' || /^latest$/i.test(raw) ? 'latest' : raw;
            return input_table_text('revision', revision, 50, c);
        }
    },
    environment: {
        description: "Required, except with preview. private-cloud - the environment's internal id (e.g. q8g3ns76) or display name (e.g. test). mendix-cloud - the mode, Test, Acceptance, Production or a flexible environment's name.",
        parse: { 'private-cloud': environmentName, 'mendix-cloud': environmentMode }
    },
    namespace: {
        description: 'private-cloud - the namespace (id or name) of the environment, when its name alone is ambiguous.',
        targets: ['private-cloud'],
        parse: (raw, c) => optionalText('namespace', raw, 100, c)
    },
    reuse: {
        description: 'Deploy a package built earlier from the same branch, revision and version instead of building again (a re-run costs seconds). Default true.',
        parse: (raw, c) => (0,input_checks/* checkBoolean */.pO)('reuse', raw, true, c.problems)
    },
    packageFile: {
        description: 'Path to an .mda built elsewhere (e.g. with mxbuild) to upload and deploy instead of building; streamed, never read into memory whole. private-cloud - through the Build API upload. mendix-cloud - through the Deploy API v2 upload (at most 1 GB), then transported.',
        parse: (raw, c) => (0,input_checks/* checkPackageFile */.pd)(raw, c.problems)
    },
    build: {
        description: 'Where the package is built - service (Mendix builds it from Team Server - the Build API) or runner (MxBuild builds it on this runner from the app in the workspace, for an app kept in your own Git; the package is then uploaded and deployed as with packageFile). runner needs a JDK (actions/setup-java) and is refused on pull_request_target and for code from a fork unless allowUntrustedBuild is true. Outputs mendixVersion and, with sbom, sbomPath.',
        default: 'service',
        parse: (raw, c) => parseBuildMode(raw, c)
    },
    mprFile: {
        description: "build runner - the app's .mpr file, relative to the workspace. Default - the one .mpr file in the workspace (none or several is an error that lists what was found).",
        parse: (raw, c) => parseMprFile(raw, c)
    },
    mxbuildUrl: {
        description: `build runner - the base URL MxBuild is downloaded from, for a mirror (an air-gapped or proxy-restricted runner); it must serve mxbuild-<version>.tar.gz as the Mendix CDN does. https only; http is allowed on this machine (localhost, 127.0.0.0/8, ::1, 0.0.0.0). Default ${DEFAULT_MXBUILD_URL}.`,
        parse: (raw, c) => parseMxBuildUrl(raw, c)
    },
    mxbuildSha256: {
        description: 'build runner - the SHA-256 the MxBuild tarball must have (64 hexadecimal digits); a download that differs is refused before it is extracted. Mendix publishes no checksums, so take it from a download you trust; it pins one Mendix version. Without it the tarball is checked by nothing but https.',
        parse: (raw, c) => parseMxBuildSha256(raw, c)
    },
    javaHome: {
        description: 'build runner - the JDK MxBuild runs with, a directory with bin/java. Default $JAVA_HOME, as actions/setup-java sets it. The Mendix version decides which Java it needs (for example 21 from Mendix 10.11).',
        parse: (raw, c) => parseJavaHome(raw, c)
    },
    sbom: {
        description: 'build runner - also write a CycloneDX SBOM of the app (MxBuild --generate-sbom); its path, under RUNNER_TEMP, is the output sbomPath, for actions/upload-artifact or a dependency submission. Default false.',
        parse: (raw, c) => parseRunnerFlag('sbom', raw, c)
    },
    allowUntrustedBuild: {
        description: "build runner - build on pull_request_target, or code from a fork, all the same. Building runs the app's own build code (Java compilation, Gradle) on a runner that holds your Mendix credentials; leave it false unless you trust every author whose code this step can build. Default false.",
        parse: (raw, c) => parseRunnerFlag('allowUntrustedBuild', raw, c)
    },
    promoteFrom: {
        description: 'private-cloud - deploy the package that this environment (id or name) runs now, without building - the test, acceptance, production path.',
        targets: ['private-cloud'],
        parse: (raw, c) => optionalText('promoteFrom', raw, 100, c)
    },
    environmentVariables: {
        description: 'private-cloud - environment variables to set in the same manifest update, one NAME=value per line; start a line with "secret " to mask its value.',
        targets: ['private-cloud'],
        parse: (raw, c) => (0,input_checks/* parseNameValues */.xG)('environmentVariables', raw, c.problems)
    },
    rollbackOnFailure: {
        description: 'Put back what the deploy changed, and check it, when the deploy fails - private-cloud - a failure of the deploy job, readiness, the restart, the health check or the unit tests puts back the package, constants, environment variables and instances; mendix-cloud - any failure after the stop (the transport, the constants, the start, the check after it, the unit tests) puts back the package and the constants, and starts the app again only if it was running before. rolledBack is true only once that is verified. Needs wait true (refused with wait false, which does not see the outcome). Default false.',
        parse: (raw, c) => {
            const on = (0,input_checks/* checkBoolean */.pO)('rollbackOnFailure', raw, false, c.problems);
            (0,input_checks/* checkNeedsWait */.nv)('rollbackOnFailure', on, c.input('wait'), "the deploy's outcome is known", c.problems);
            return on;
        }
    },
    dryRun: {
        description: 'Resolve everything and show what the deploy would change (private-cloud - the manifest diff; mendix-cloud - the steps and constant values); build nothing, change nothing. Default false.',
        parse: (raw, c) => (0,input_checks/* checkBoolean */.pO)('dryRun', raw, false, c.problems)
    },
    restart: {
        description: 'private-cloud - after the deploy, restart the app (instances to 0, then back). Needs wait true and a running app (refused with wait false or instances 0). Default false.',
        targets: ['private-cloud'],
        parse: (raw, c) => {
            const on = (0,input_checks/* checkBoolean */.pO)('restart', raw, false, c.problems);
            (0,input_checks/* checkNeedsWait */.nv)('restart', on, c.input('wait'), 'it would restart the app', c.problems);
            return on;
        }
    },
    instances: {
        description: 'private-cloud - the number of instances the environment runs after the deploy, 0 to 10, set in the same manifest update as the package (container.instances). 0 deploys the package with the app stopped, so healthCheckPath, unitTests and restart are refused with it. Empty keeps the count it has.',
        targets: ['private-cloud'],
        parse: (raw, c) => {
            const instances = (0,input_checks/* checkInstances */.fp)(raw, c.problems);
            const needsRunning = [
                ['healthCheckPath', c.input('healthCheckPath') !== ''],
                ['unitTests', parseUnitTestsFlag(c.input('unitTests'), [])],
                ['restart', (0,input_checks/* checkBoolean */.pO)('restart', c.input('restart'), false, [])]
            ];
            for (const [name, used] of needsRunning)
                (0,input_checks/* checkNeedsRunningApp */.SV)(name, used, raw, c.problems);
            return instances;
        }
    },
    keepPackages: {
        description: "private-cloud - after a successful deploy, delete the app's oldest packages beyond this many and wait for each deletion; never the deployed package, one an environment runs, or one created after the deployed package (another run may deploy it). A deletion that fails is a warning, not a failed step. Needs wait true (refused with wait false).",
        targets: ['private-cloud'],
        parse: (raw, c) => {
            const keep = (0,input_checks/* checkCount */.wE)('keepPackages', raw, c.problems);
            (0,input_checks/* checkNeedsWait */.nv)('keepPackages', keep !== undefined, c.input('wait'), 'old packages would be deleted', c.problems);
            return keep;
        }
    },
    healthCheckPath: {
        description: 'private-cloud - after the environment is Ready, GET the app URL plus this path (e.g. /health) until it answers healthCheckStatus; a failure counts as a failed deploy (and rolls back with rollbackOnFailure). The check sends no credential, so the app URL may be https or plain http; an app URL on this machine (unless apiUrl is too), with credentials or link-local is refused before the deploy, naming this input. Needs wait true and a running app (refused with wait false or instances 0).',
        targets: ['private-cloud'],
        parse: (raw, c) => {
            const path = (0,input_checks/* checkHealthPath */.M8)(raw, c.problems);
            (0,input_checks/* checkNeedsWait */.nv)('healthCheckPath', path !== undefined, c.input('wait'), 'the health check', c.problems);
            return path;
        }
    },
    healthCheckStatus: {
        description: 'private-cloud - the HTTP status the health check expects. Default 200.',
        targets: ['private-cloud'],
        parse: (raw, c) => (0,input_checks/* checkStatus */.dO)(raw, c.problems)
    },
    preview: {
        description: "private-cloud - a preview environment per pull request - deploy (on pull_request opened, synchronize, reopened - create the PR's environment from previewFrom if it has none, then build and deploy to it), cleanup (on pull_request closed - delete the PR's environment) or sweep (on a schedule - delete previews whose PR is closed or older than previewMaxAgeHours). Empty - an ordinary deploy to environment. preview - deploy needs wait true.",
        targets: ['private-cloud'],
        parse: (raw, c) => {
            const mode = (0,input_checks/* checkPreviewMode */.sC)(raw, c.problems);
            (0,input_checks/* checkNeedsWait */.nv)('preview', mode === 'deploy', c.input('wait'), 'the preview is seen running and its pull request told so', c.problems);
            return mode;
        }
    },
    previewFrom: {
        description: 'private-cloud - the template environment (id or name) a preview is copied from - its resources, runtime settings, constants, scheduled events, provider and services. Needed for preview - deploy; it must not be a production environment (see previewAllowProduction) and must use OnDemand service plans.',
        targets: ['private-cloud'],
        parse: (raw, c) => optionalText('previewFrom', raw, 100, c)
    },
    previewAllowProduction: {
        description: "private-cloud - the name of a production environment that previewFrom may name anyway. A preview copies the template's constants, so one copied from production talks to production integrations; opt in only by repeating that environment's name here.",
        targets: ['private-cloud'],
        parse: (raw, c) => optionalText('previewAllowProduction', raw, 100, c)
    },
    previewCopyCertificates: {
        description: "private-cloud - copy the template's client certificates (network.outgoingConnectionCertificate, with their keys and passwords) into a preview. Default false.",
        targets: ['private-cloud'],
        parse: (raw, c) => (0,input_checks/* checkBoolean */.pO)('previewCopyCertificates', raw, false, c.problems)
    },
    previewLimit: {
        description: 'private-cloud - how many preview environments this repository may have at once; creating one more fails, listing the previews and their pull requests. Default 5.',
        targets: ['private-cloud'],
        parse: (raw, c) => (0,input_checks/* checkCount */.wE)('previewLimit', raw, c.problems) ?? 5
    },
    previewMaxAgeHours: {
        description: 'private-cloud - preview - sweep deletes previews created longer ago than this many hours, whatever their pull request. Default 72.',
        targets: ['private-cloud'],
        parse: (raw, c) => (0,input_checks/* checkHours */.cG)('previewMaxAgeHours', raw, 72, c.problems)
    },
    subscriptionSecret: {
        description: 'private-cloud - the runtime license (subscription secret) to give a new preview environment, as Mendix gives it (plain text, not base64: the action base64-encodes it, as the Deploy API expects); pass it from a secret. Both forms are masked. Without it (or a license manager) a preview runs unlicensed - at most 6 concurrent users, and it stops after 2 to 4 hours.',
        targets: ['private-cloud'],
        secret: true,
        parse: (raw, c) => {
            if (/\s/.test(raw))
                c.problems.push("Input 'subscriptionSecret' must be a single word: check the secret's value.");
            return raw || undefined;
        }
    },
    backup: {
        description: 'mendix-cloud - take a backup (snapshot) before stopping the environment; a failed backup stops the deploy before anything changes. Default false.',
        targets: ['mendix-cloud'],
        parse: (raw, c) => (0,input_checks/* checkBoolean */.pO)('backup', raw, false, c.problems)
    },
    autoSyncDb: {
        description: 'mendix-cloud - synchronise the database with the model when the app starts. Default true.',
        targets: ['mendix-cloud'],
        parse: (raw, c) => (0,input_checks/* checkBoolean */.pO)('autoSyncDb', raw, true, c.problems)
    },
    constants: {
        description: 'Constant values to set with the deploy, one Module.Constant=value per line; start a line with "secret " to mask its value. Unknown names fail the step - private-cloud before anything is built; mendix-cloud after the transport (a new package may bring new constants) and before the start, with an error saying the environment is stopped and how to start it.',
        parse: (raw, c) => (0,input_checks/* parseNameValues */.xG)('constants', raw, c.problems)
    },
    version: {
        description: "Package version: x.y.z, or patch, minor or major - the next version after the highest among the app's packages (their first three numbers; 1.4.10 gives 1.4.11, 1.5.0 or 2.0.0; 1.0.0 when none has one yet), read just before the build. Defaults to the tag's version when the workflow runs on a tag such as v1.4.2; otherwise private-cloud builds without a version and mendix-cloud, which needs one (it becomes a Team Server tag), takes patch. A given or tag version is part of the reuse marker [build <branch>@<revision> v<version>]; an automatic one is not, so a re-run reuses its package. Output version.",
        parse: {
            'private-cloud': (raw, c) => (0,input_checks/* parseVersion */.ot)(raw, versionFromRef(c.run.ref), c.problems),
            'mendix-cloud': (raw, c) => (0,input_checks/* parseVersion */.ot)(raw, versionFromRef(c.run.ref), c.problems) ?? { bump: 'patch' }
        }
    },
    description: {
        description: 'Package description. Defaults to the repository, commit and workflow run that built it.',
        parse: (raw, c) => {
            const shortSha = c.run.sha.slice(0, 7);
            return (raw ||
                `Built by GitHub Actions from ${c.run.repository}${shortSha ? `@${shortSha}` : ''}, ` +
                    `run ${c.run.serverUrl}/${c.run.repository}/actions/runs/${c.run.runId}`);
        }
    },
    apiUrl: {
        description: 'Base URL of the API - https://privatecloud.mendixcloud.com/api/v4 for private-cloud, https://deploy.mendix.com/api/1 for mendix-cloud. https only; http is allowed on this machine (localhost, 127.0.0.0/8, ::1, 0.0.0.0), for a local emulator.',
        parse: (raw, c) => (0,input_checks/* checkApiUrl */.Sz)(raw || (c.target === 'private-cloud' ? input_checks/* DEFAULT_API_URL */.rK : input_checks/* DEFAULT_MENDIX_CLOUD_API_URL */.L1), c.problems)
    },
    repositoryApiUrl: {
        description: 'The App Repository API, for branch names and revision latest. Change it only for a local emulator.',
        default: 'https://repository.api.mendix.com/v1',
        parse: (raw, c) => (0,input_checks/* checkApiUrl */.Sz)(raw || repository/* DEFAULT_REPOSITORY_API_URL */.aN, c.problems, 'repositoryApiUrl')
    },
    githubToken: {
        description: 'Optional. A token with deployments write permission (e.g. github.token with permissions - deployments - write); when given, the deploy is recorded as a GitHub Deployment with its status and the app URL.',
        secret: true,
        parse: (raw, c) => {
            if (/\s/.test(raw))
                c.problems.push("Input 'githubToken' must be a single word: check the token's value.");
            return raw || undefined;
        }
    },
    githubEnvironment: {
        description: 'The GitHub environment name for the GitHub Deployment. Defaults to the environment input.',
        parse: (raw, c) => raw || c.input('environment')
    },
    unitTests: {
        description: "After the deploy, once the app runs (and answers the health check), run its unit tests through the UnitTesting module's remote API and wait for them within timeoutMinutes. Failed tests fail the step, and count as a failed deploy for rollbackOnFailure. Needs the UnitTesting module with the constants UnitTesting.RemoteApiEnabled true and UnitTesting.RemoteApiPassword set, and the request handler /unittests/ allowed. Default false.",
        parse: (raw, c) => parseUnitTestsFlag(raw, c.problems, c.input('wait'))
    },
    unitTestsPassword: {
        description: "The value of the app's constant UnitTesting.RemoteApiPassword, required with unitTests. Pass it from a secret; it is masked and sent only to the app, over https (or http on this machine), never with Mendix credentials.",
        // Masked whole, not word by word: a password may hold spaces, and its words are ordinary ones.
        secret: 'whole',
        parse: (raw, c) => parseUnitTestsPassword(raw, c.problems, parseUnitTestsFlag(c.input('unitTests'), []))
    },
    unitTestsUrl: {
        description: "The app URL to call the unit test remote API at (POST <url>/unittests/start and /unittests/status), when not the environment's app URL. https only, since the password is sent to it; http is allowed only on this machine (localhost, 127.0.0.0/8, ::1, 0.0.0.0). Without it, an environment's app URL that is not https is refused before the deploy.",
        parse: (raw, c) => parseUnitTestsUrl(raw, c.problems)
    },
    timeoutMinutes: {
        description: "The whole step's time budget, in minutes, above 0 and at most 360: every build, deploy, readiness and health wait draws from it. With rollbackOnFailure a quarter of it is kept back for the rollback. Set it below the job's timeout-minutes, so the step can end itself and say what it left.",
        default: '45',
        parse: (raw, c) => (0,input_checks/* checkTimeout */.eN)(raw, c.problems)
    },
    wait: {
        description: 'When false, the step returns once the deploy job (mendix-cloud - the start) is accepted instead of waiting for it to finish; the options that act after it (rollbackOnFailure, restart, keepPackages, healthCheckPath, unitTests) are then refused, before any request.',
        default: 'true',
        parse: (raw, c) => (0,input_checks/* checkBoolean */.pO)('wait', raw, true, c.problems)
    }
};


/***/ }),

/***/ 4537:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Ko: () => (/* binding */ readInputs),
  wX: () => (/* binding */ runContextFromEnv),
  g5: () => (/* binding */ withSource)
});

// UNUSED EXPORTS: DEFAULT_API_URL, DEFAULT_MENDIX_CLOUD_API_URL, DEFAULT_TIMEOUT_MINUTES, MAX_TIMEOUT_MINUTES, buildIdentityOf, readSettings, versionFromRef

// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(3916);
// EXTERNAL MODULE: ./src/input-table.ts + 2 modules
var input_table = __nccwpck_require__(3015);
;// CONCATENATED MODULE: ./src/input-names.ts
/**
 * The names inputs are given under. An input renamed in the table (a row's `formerNames`) is still read under its
 * old name until the next major version, with a warning. Inputs given under a spelling the action does not read at
 * all are refused: the runner passes every `with:` key as INPUT_<KEY>, known or not, and only warns about unknown
 * ones; most deploy actions use kebab- or snake-case, so `app-id` or `app_id` is the usual slip, and it would
 * otherwise surface as "appId is required".
 */

/** Every name action.yml declares, in the order of the table: each input, then its former names. */
function declaredNames(rows = input_table/* INPUTS */.mc) {
    return Object.entries(rows).flatMap(([name, row]) => [name, ...(row.formerNames ?? [])]);
}
/** Every input of the action, under every name it is read by. */
const INPUT_NAMES = declaredNames();
/** action.yml's `deprecationMessage` for a former name; the runner logs it when a workflow gives that name. */
function formerNameMessage(former, name) {
    return `Use '${name}' instead: '${former}' was renamed '${name}' and is read only until the next major version.`;
}
/**
 * Reads the raw inputs under their current names. An input given under a former name is read as the current one,
 * with a warning naming both names; given under two of its names, it is a problem. An input the table marks with
 * `deprecationMessage` warns when given.
 */
function currentInputs(getInput, problems, warn, rows = input_table/* INPUTS */.mc) {
    const values = new Map();
    for (const [name, row] of Object.entries(rows)) {
        let value = getInput(name);
        // The runner passes action.yml's default for an input the workflow does not give, so a value equal to the
        // default does not say the workflow gave the input under its current name.
        let givenAs = value !== '' && value !== row.default ? name : undefined;
        for (const former of row.formerNames ?? []) {
            const formerValue = getInput(former);
            if (formerValue === '')
                continue;
            if (givenAs) {
                problems.push(`Input '${name}' is given twice, as '${givenAs}' and as '${former}' (its former name): give it once, as '${name}'.`);
                continue;
            }
            warn(`Input '${former}' was renamed '${name}': use '${name}' instead; '${former}' is read only until the next major version.`);
            value = formerValue;
            givenAs = former;
        }
        if (row.deprecationMessage && givenAs)
            warn(`Input '${name}' is deprecated: ${row.deprecationMessage}`);
        values.set(name, value);
    }
    return name => values.get(name) ?? getInput(name);
}
const squash = (name) => name.replace(/[-_\s]/g, '').toLowerCase();
/** The runner's variable for an input: INPUT_ and the name in capitals, spaces as underscores. */
const variableOf = (name) => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
/**
 * Inputs given under another spelling of a known name (app-id, app_id, APP_ID...), while the known one is empty:
 * one problem each, naming the input to use (the current name, also for a misspelt former name).
 */
function misspelledInputs(env, rows = input_table/* INPUTS */.mc) {
    const known = new Map(Object.entries(rows).flatMap(([name, row]) => [name, ...(row.formerNames ?? [])].map(spelling => [squash(spelling), name])));
    const declared = new Set(declaredNames(rows).map(variableOf));
    const problems = [];
    for (const [variable, value] of Object.entries(env)) {
        if (!variable.startsWith('INPUT_') || !value || declared.has(variable))
            continue;
        const given = variable.slice('INPUT_'.length);
        const meant = known.get(squash(given));
        if (!meant || env[variableOf(meant)])
            continue;
        problems.push(`Input '${given.toLowerCase()}' is not an input of this action: use '${meant}' (the inputs are camelCase).`);
    }
    return problems;
}

// EXTERNAL MODULE: ./src/input-checks.ts
var input_checks = __nccwpck_require__(2321);
// EXTERNAL MODULE: ./src/output.ts
var output = __nccwpck_require__(6202);
// EXTERNAL MODULE: ./src/versions.ts
var versions = __nccwpck_require__(7902);
;// CONCATENATED MODULE: ./src/inputs.ts
/**
 * Reads and validates every input into one typed settings object, before any request is made. The inputs and
 * their parsers are the rows of input-table.ts; the settings' types are derived from those rows, so a new row
 * is a new, typed settings field.
 */








function runContextFromEnv(env) {
    return {
        repository: env.GITHUB_REPOSITORY ?? 'local/repository',
        sha: env.GITHUB_SHA ?? '',
        ref: env.GITHUB_REF ?? '',
        runId: env.GITHUB_RUN_ID ?? '0',
        runAttempt: env.GITHUB_RUN_ATTEMPT ?? '1',
        serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
        workflow: env.GITHUB_WORKFLOW ?? '',
        runNumber: env.GITHUB_RUN_NUMBER ?? '0'
    };
}
/** The marker a package carries in its description, so a re-run can find and reuse it. */
function buildIdentityOf(branch, revision, version) {
    return `[build ${branch}@${revision}${version ? ` v${version}` : ''}]`;
}
/** The settings with the branch and revision the App Repository API resolved, and the marker that follows. */
function withSource(settings, branch, revision) {
    const buildIdentity = buildIdentityOf(branch, revision, (0,versions/* fixedVersion */.FF)(settings.version));
    return {
        ...settings,
        branch,
        revision,
        buildIdentity,
        description: settings.description.replace(settings.buildIdentity, buildIdentity)
    };
}
/** The inputs a preview needs, and those it cannot take. */
function previewChecks(settings, problems) {
    const { preview } = settings;
    if (!preview) {
        const stray = ['previewFrom', 'previewAllowProduction'].filter(name => settings[name]);
        const refused = problems.some(problem => problem.startsWith("Input 'preview' "));
        if (stray.length && !refused)
            problems.push(`Input '${stray[0]}' belongs to preview environments: set preview (deploy) or remove it.`);
        return;
    }
    if (preview === 'deploy' && !settings.previewFrom)
        problems.push("Input 'previewFrom' is required with preview: deploy - the environment (id or name) a preview is copied from.");
    for (const name of ['promoteFrom', 'dryRun']) {
        if (settings[name])
            problems.push(`Input '${name}' cannot be used with preview: ${preview}; remove it.`);
    }
}
/** Checks that need two inputs at once. */
function crossChecks(settings, problems) {
    if (settings.target === 'private-cloud' && settings.promoteFrom && settings.packageFile) {
        problems.push("Inputs 'promoteFrom' and 'packageFile' each name the package to deploy: give one of them.");
    }
    if (settings.target === 'private-cloud')
        previewChecks(settings, problems);
    // An upload, or a build of the workspace in the runner, needs no branch head from the App Repository API.
    if (settings.target === 'mendix-cloud' &&
        !settings.token &&
        settings.revision === 'latest' &&
        !settings.packageFile &&
        settings.build !== 'runner') {
        problems.push("Input 'revision' is latest (the default when empty), which needs input 'token' for target mendix-cloud: a Mendix personal access token with mx:modelrepository:repo:read, to look up the branch head. Or give the revision to build.");
    }
}
/** How a warning about an input's name reaches the log: an annotation, so it shows on the run's page. */
function warnInLog(message) {
    output.warning(message, { title: 'Deprecated input' });
}
/**
 * Reads every input through `getRawInput` (trimmed values, '' when absent), under its current name or a former one,
 * and checks them all at once.
 */
function readSettings(getRawInput, run, { warn = warnInLog, rows = input_table/* INPUTS */.mc } = {}) {
    const problems = [];
    const getInput = currentInputs(getRawInput, problems, warn, rows);
    const targetInput = getInput('target') || 'private-cloud';
    if (!input_table/* TARGETS */.dW.includes(targetInput)) {
        throw new errors/* InputError */.dz([`Input 'target' must be ${input_table/* TARGETS */.dW.join(' or ')}; got ${(0,input_checks/* quote */.hD)(targetInput)}.`]);
    }
    const target = targetInput;
    const context = { target, run, problems, input: getInput };
    const values = { target };
    for (const [name, row] of Object.entries(rows)) {
        const raw = getInput(name);
        if (row.targets && !row.targets.includes(target)) {
            const owner = row.targets.join(', ');
            if (raw !== '')
                problems.push(`Input '${name}' belongs to target ${owner}; remove it or set target: ${owner}.`);
            continue;
        }
        if (name === 'target')
            continue;
        values[name] = (typeof row.parse === 'function' ? row.parse : row.parse[target])(raw, context);
    }
    const parsed = values;
    const runMarker = `[gh-run ${run.repository}#${run.runId}.${run.runAttempt}]`;
    const buildIdentity = buildIdentityOf(parsed.branch, parsed.revision, (0,versions/* fixedVersion */.FF)(parsed.version));
    const settings = {
        ...parsed,
        runMarker,
        buildIdentity,
        description: `${parsed.description} ${runMarker} ${buildIdentity}`
    };
    crossChecks(settings, problems);
    if (problems.length > 0)
        throw new errors/* InputError */.dz(problems);
    return settings;
}
/** The settings, or every problem with the inputs (misspelled names included), before any request is made. */
function readInputs(getInput, env, run, options = {}) {
    const misspelled = misspelledInputs(env, options.rows);
    try {
        const settings = readSettings(getInput, run, options);
        return misspelled.length > 0 ? misspelled : settings;
    }
    catch (error) {
        return [...misspelled, ...(error instanceof errors/* InputError */.dz ? error.problems : [String(error)])];
    }
}


/***/ }),

/***/ 6999:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   W: () => (/* binding */ coreLogger),
/* harmony export */   Y: () => (/* binding */ seconds)
/* harmony export */ });
/* harmony import */ var _output_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6202);
/** The log a person reads in the workflow run: through the runner's door (output.ts) in production, a recorder in tests. */

const coreLogger = {
    info: message => _output_js__WEBPACK_IMPORTED_MODULE_0__.info(message),
    warning: (message, title) => _output_js__WEBPACK_IMPORTED_MODULE_0__.warning(message, { title }),
    debug: message => _output_js__WEBPACK_IMPORTED_MODULE_0__.debug(message),
    group: (name, fn) => _output_js__WEBPACK_IMPORTED_MODULE_0__.group(name, fn)
};
/** Seconds with one decimal, e.g. "12.3s". */
function seconds(ms) {
    return `${(ms / 1000).toFixed(1)}s`;
}


/***/ }),

/***/ 6202:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.r(__webpack_exports__);
/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   debug: () => (/* binding */ debug),
/* harmony export */   error: () => (/* binding */ error),
/* harmony export */   getInput: () => (/* binding */ getInput),
/* harmony export */   group: () => (/* binding */ group),
/* harmony export */   info: () => (/* binding */ info),
/* harmony export */   notice: () => (/* binding */ notice),
/* harmony export */   setFoundSecret: () => (/* binding */ setFoundSecret),
/* harmony export */   setOutput: () => (/* binding */ setOutput),
/* harmony export */   setSecret: () => (/* binding */ setSecret),
/* harmony export */   warning: () => (/* binding */ warning),
/* harmony export */   writeSummary: () => (/* binding */ writeSummary)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6058);
/* harmony import */ var _untrusted_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(873);
/**
 * The one door to the runner: every log line, annotation, output, state value and summary the action writes
 * goes through here, and so through redaction and neutralising (untrusted.ts). Other modules do not import
 * `@actions/core` (ESLint holds them to it), so no server text can reach the log raw.
 */


/** The forms the runner was asked to mask already: a value read again is not announced again. */
const announced = new Set();
function mask(form) {
    if (announced.has(form))
        return;
    announced.add(form);
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(form);
}
/**
 * Registers a secret in every form it could be printed in: raw, JSON-escaped and URL-encoded (untrusted.ts), and
 * the same three of its base64 encoding (the Deploy API carries runtime secrets base64-encoded, and a server may
 * echo a value in the form it stores). Returns the forms, empty when the value is too short to redact.
 */
function registerForms(value) {
    const forms = (0,_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .registerSecret */ .cl)(value);
    return forms.length ? [...forms, ...(0,_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .registerSecret */ .cl)(Buffer.from(value).toString('base64'))] : forms;
}
/** Masks a secret in the runner's log and redacts it, in every form, from everything the action writes itself. */
function setSecret(value) {
    for (const form of registerForms(value))
        mask(form);
    // A value too short to redact is still masked by the runner: the user marked it secret.
    if (value)
        mask(value);
}
/**
 * Masks a secret value read from a server (what a setting marked secret held before), in every form. Unlike
 * `setSecret`, a value too short to redact is left alone: masking "1" or "no" in the runner would blank out
 * ordinary text in the whole log, and the dry run masks such a value by its place, not by its text.
 */
function setFoundSecret(value) {
    for (const form of registerForms(value))
        mask(form);
}
const getInput = (name) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4(name);
const info = (message) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq((0,_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .neutralise */ .$0)(message));
const debug = (message) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz((0,_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .neutralise */ .$0)(message));
function properties(props) {
    return props?.title ? { title: (0,_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .oneLine */ .TN)(props.title) } : undefined;
}
const notice = (message, props) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .notice */ .lm((0,_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .neutralise */ .$0)(message), properties(props));
const warning = (message, props) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e((0,_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .neutralise */ .$0)(message), properties(props));
const error = (message, props) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .error */ .z3((0,_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .neutralise */ .$0)(message), properties(props));
const group = (name, fn) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .group */ .Os((0,_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .oneLine */ .TN)(name), fn);
/** Step outputs hold no secret; line breaks are allowed (the runner's file format quotes them). */
const setOutput = (name, value) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH(name, (0,_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(value));
/** Appends Markdown to the job summary; a write failure is only a debug line, never a failed step. */
async function writeSummary(markdown) {
    if (!process.env.GITHUB_STEP_SUMMARY)
        return;
    try {
        await _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.addRaw((0,_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(markdown)).write();
    }
    catch (failure) {
        debug(`Could not write the job summary: ${String(failure)}`);
    }
}


/***/ }),

/***/ 119:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   V: () => (/* binding */ Phases)
/* harmony export */ });
/* harmony import */ var _logger_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6999);

class Phases {
    deps;
    constructor(deps) {
        this.deps = deps;
    }
    /** Runs one phase, timed, with its detail lines in a log group when it has a title. */
    async run(name, title, fn) {
        const { progress, clock, log } = this.deps;
        progress.phase = name;
        const started = clock.now();
        try {
            return title ? await log.group(title, fn) : await fn();
        }
        finally {
            progress.phases.push({ name, ms: clock.now() - started });
        }
    }
    /** How long the last phase took, for the line that follows it. */
    lastTime() {
        return (0,_logger_js__WEBPACK_IMPORTED_MODULE_0__/* .seconds */ .Y)(this.deps.progress.phases.at(-1)?.ms ?? 0);
    }
}


/***/ }),

/***/ 3627:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   D_: () => (/* binding */ v1BranchName),
/* harmony export */   EJ: () => (/* binding */ BranchNotFoundError),
/* harmony export */   aN: () => (/* binding */ DEFAULT_REPOSITORY_API_URL),
/* harmony export */   pd: () => (/* binding */ resolveBranch),
/* harmony export */   q1: () => (/* binding */ REPOSITORY_SCOPE),
/* harmony export */   tl: () => (/* binding */ RepositoryApi),
/* harmony export */   ud: () => (/* binding */ isMainLine)
/* harmony export */ });
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6803);
/* harmony import */ var _untrusted_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(873);


const REPOSITORY_SCOPE = 'mx:modelrepository:repo:read';
const DEFAULT_REPOSITORY_API_URL = 'https://repository.api.mendix.com/v1';
const MAIN_LINE = new Set(['main', 'master', 'trunk']);
/** Whether a branch name is the repository's main line, under any of its usual names. */
const isMainLine = (name) => MAIN_LINE.has(name);
/** The first page of branch names is enough to help a person spot a typo. */
const BRANCHES_SHOWN = 100;
class RepositoryApi {
    http;
    appId;
    constructor(http, appId) {
        this.http = http;
        this.appId = appId;
    }
    get base() {
        return `/repositories/${encodeURIComponent(this.appId)}`;
    }
    /** The branch and its head, or undefined when the repository has no branch of that name. */
    async branch(name, deadline) {
        try {
            const response = await this.http.request({
                method: 'GET',
                path: `${this.base}/branches/${encodeURIComponent(name)}`,
                retry: 'safe',
                action: `look up branch ${name} in the app's repository`,
                scope: REPOSITORY_SCOPE,
                deadline
            });
            const body = response.body;
            if (typeof body?.name !== 'string')
                throw new _http_js__WEBPACK_IMPORTED_MODULE_0__/* .ApiError */ .hD(`Could not look up branch ${name}: the App Repository API answered without a branch name.`, { method: 'GET', url: name, status: response.status, outcomeUnknown: false });
            return { name: body.name, head: (0,_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .checkServerId */ .Zq)('latestCommit.id', body.latestCommit?.id) };
        }
        catch (error) {
            if (error instanceof _http_js__WEBPACK_IMPORTED_MODULE_0__/* .ApiError */ .hD && error.status === 404)
                return undefined;
            throw error;
        }
    }
    /** The names of the first page of branches, for an error message. */
    async branchNames(deadline) {
        const response = await this.http.request({
            method: 'GET',
            path: `${this.base}/branches?limit=${BRANCHES_SHOWN}`,
            retry: 'safe',
            action: "list the branches of the app's repository",
            scope: REPOSITORY_SCOPE,
            deadline
        });
        return (response.body?.items ?? [])
            .map(item => item.name)
            .filter((n) => typeof n === 'string');
    }
}
/** The other spelling of a branch name: `branches/x` for `x`, and `x` for `branches/x`. */
function otherForm(name) {
    if (name.startsWith('branches/'))
        return name.slice('branches/'.length) || undefined;
    return MAIN_LINE.has(name) ? undefined : `branches/${name}`;
}
/** Finds the branch under either spelling; an unknown branch fails here, before any build, listing the branches. */
async function resolveBranch(api, input, deadline) {
    const found = (await api.branch(input, deadline)) ??
        (otherForm(input) ? await api.branch(otherForm(input), deadline) : undefined);
    if (found)
        return found;
    const names = await api.branchNames(deadline).catch(() => []);
    throw new BranchNotFoundError(`Input 'branch': the app's repository has no branch ${JSON.stringify(input)}` +
        (otherForm(input) ? ` (nor ${JSON.stringify(otherForm(input))})` : '') +
        (names.length ? `. Its branches: ${names.join(', ')}.` : '.'));
}
/** The branch name the Mendix Cloud Build API v1 expects: `main`/`trunk` for the main line, else `branches/<name>`. */
function v1BranchName(name) {
    return MAIN_LINE.has(name) || name.startsWith('branches/') ? name : `branches/${name}`;
}
class BranchNotFoundError extends Error {
    constructor(message) {
        super(message);
        this.name = 'BranchNotFoundError';
    }
}


/***/ }),

/***/ 9646:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Cj: () => (/* binding */ BODY_CUT),
/* harmony export */   PH: () => (/* binding */ TOO_LARGE),
/* harmony export */   YK: () => (/* binding */ MAX_BODY_BYTES),
/* harmony export */   _3: () => (/* binding */ nodeTransport),
/* harmony export */   j2: () => (/* binding */ REQUEST_TIMEOUT_MS),
/* harmony export */   pi: () => (/* binding */ SOCKET_TIMEOUT_MS)
/* harmony export */ });
/* unused harmony exports LOG_TAIL_BYTES, TOTAL_TIMEOUT, SOCKET_TIMEOUT, codedError */
/* harmony import */ var _actions_http_client__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4942);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_http__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(4708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_https__WEBPACK_IMPORTED_MODULE_2__);
/**
 * One HTTP exchange with a server we do not trust: every answer is read to its end, cut off, or refused,
 * and the promise always settles. The toolkit's own body reader listens only for `data` and `end`, so a
 * connection closed partway left its promise pending and Node exited 0 with the deploy unfinished; this reader
 * also settles on `error`, `aborted` and `close`, bounds the whole exchange in time and the body in bytes, and
 * collects chunks in linear time.
 *
 * The toolkit's HttpClient is still used for its proxy agent (HTTPS_PROXY, NO_PROXY), so self-hosted runners
 * behind a proxy work as before.
 */



/**
 * JSON answers (build logs included) are refused above this size; a log answer keeps its tail instead. A real
 * Mendix answer (a page of 50 packages, an environment list, a manifest) is a few kilobytes, far below 1 MiB;
 * the cap bounds memory against a broken or hostile server. Reading an answer holds it several times over (the
 * chunks, the joined bytes, the text, the parsed value): at 8 MiB a run peaked at 104 MB, at 2 MiB at 74 MB
 * (`npm run bench -- --only memory`), against 67 MB with plain answers.
 */
const MAX_BODY_BYTES = 2 * 1024 * 1024;
/** How much of an oversized log answer is kept: its last bytes, where a build's error is. */
const LOG_TAIL_BYTES = 256 * 1024;
/** One request, headers and body together, never takes longer than this (the deadline may cut it shorter). */
const REQUEST_TIMEOUT_MS = 60_000;
/** No byte for this long ends the exchange, even inside the total limit. */
const SOCKET_TIMEOUT_MS = 30_000;
/** Error codes this module raises, besides Node's own (ECONNRESET, ECONNREFUSED...). */
const BODY_CUT = 'EBODYCUT';
const TOO_LARGE = 'ETOOLARGE';
const TOTAL_TIMEOUT = 'ETOTALTIMEOUT';
const SOCKET_TIMEOUT = 'ESOCKETTIMEDOUT';
function codedError(code, message) {
    return Object.assign(new Error(message), { code });
}
function mebibytes(bytes) {
    return `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
}
/** Collects body chunks within a byte cap: in full, or (for logs) only the last `tailBytes`. */
class BodyCollector {
    maxBytes;
    tailBytes;
    chunks = [];
    kept = 0;
    total = 0;
    constructor(maxBytes, tailBytes) {
        this.maxBytes = maxBytes;
        this.tailBytes = tailBytes;
    }
    /** Adds a chunk; returns false when the body is over the cap and must be refused. */
    add(chunk) {
        this.total += chunk.length;
        if (this.total > this.maxBytes && this.tailBytes === undefined)
            return false;
        this.chunks.push(chunk);
        this.kept += chunk.length;
        if (this.tailBytes !== undefined && this.total > this.maxBytes)
            this.trimTo(this.tailBytes);
        return true;
    }
    trimTo(limit) {
        while (this.chunks.length > 1 && this.kept - this.chunks[0].length >= limit) {
            this.kept -= this.chunks[0].length;
            this.chunks.shift();
        }
    }
    text() {
        if (this.total <= this.maxBytes)
            return { body: Buffer.concat(this.chunks).toString('utf8') };
        const all = Buffer.concat(this.chunks);
        const tail = all.subarray(Math.max(0, all.length - (this.tailBytes ?? all.length)));
        return { body: tail.toString('utf8'), truncatedFrom: this.total };
    }
}
function headersOf(message) {
    const out = {};
    for (const [name, value] of Object.entries(message.headers)) {
        out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    return out;
}
/** The transport the action runs with: node:http(s) through the toolkit's proxy-aware agent. */
function nodeTransport(socketTimeoutMs = SOCKET_TIMEOUT_MS) {
    const client = new _actions_http_client__WEBPACK_IMPORTED_MODULE_0__/* .HttpClient */ .Qq('mendix-deploy-action', [], { keepAlive: true });
    function exchange(method, url, headers, write, limits = {}) {
        const timeoutMs = limits.timeoutMs ?? REQUEST_TIMEOUT_MS;
        const maxBytes = limits.maxBytes ?? MAX_BODY_BYTES;
        const target = new URL(url);
        const agent = client.getAgent(url);
        return new Promise((resolve, reject) => {
            let settled = false;
            const request = (target.protocol === 'https:' ? node_https__WEBPACK_IMPORTED_MODULE_2__ : node_http__WEBPACK_IMPORTED_MODULE_1__).request(target, {
                method,
                agent,
                headers: { 'User-Agent': 'mendix-deploy-action', ...headers }
            });
            const finish = (outcome) => {
                if (settled)
                    return;
                settled = true;
                clearTimeout(timer);
                limits.signal?.removeEventListener('abort', onAbort);
                outcome();
            };
            const fail = (error) => finish(() => {
                request.destroy();
                reject(error);
            });
            const onAbort = () => fail(codedError('ABORT_ERR', 'the request was cancelled'));
            const timer = setTimeout(() => fail(codedError(TOTAL_TIMEOUT, `no complete answer within ${Math.round(timeoutMs / 100) / 10} s, the limit for one request`)), timeoutMs);
            if (limits.signal?.aborted)
                return onAbort();
            limits.signal?.addEventListener('abort', onAbort, { once: true });
            request.setTimeout(socketTimeoutMs, () => fail(codedError(SOCKET_TIMEOUT, `no data for ${socketTimeoutMs / 1000} s`)));
            request.on('error', fail);
            request.on('response', response => {
                const collector = new BodyCollector(maxBytes, limits.oversize === 'tail' ? Math.min(LOG_TAIL_BYTES, maxBytes) : undefined);
                response.on('data', (chunk) => {
                    if (!collector.add(chunk)) {
                        fail(codedError(TOO_LARGE, `the answer is larger than ${mebibytes(maxBytes)}, the limit for one answer; it was not read further`));
                    }
                });
                const cut = () => fail(codedError(BODY_CUT, `the connection closed after ${collector.total} bytes of the answer, before its end`));
                response.on('error', cut);
                response.on('aborted', cut);
                response.on('close', () => {
                    if (!response.complete)
                        cut();
                });
                response.on('end', () => {
                    if (!response.complete)
                        return cut();
                    finish(() => resolve({ status: response.statusCode ?? 0, headers: headersOf(response), ...collector.text() }));
                });
            });
            write(request);
        });
    }
    return {
        send: (method, url, body, headers, limits) => exchange(method, url, body === undefined ? headers : { ...headers, 'Content-Length': String(Buffer.byteLength(body)) }, request => request.end(body), limits),
        sendStream: (method, url, body, headers, limits) => exchange(method, url, headers, request => {
            body.on('error', error => request.destroy(error));
            body.pipe(request);
        }, limits),
        // Destroys the keep-alive agent the client made, so no idle socket holds the process open.
        dispose: () => client.dispose()
    };
}


/***/ }),

/***/ 3113:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.r(__webpack_exports__);
/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   ProxyAgent: () => (/* binding */ ProxyAgent),
/* harmony export */   fetch: () => (/* binding */ fetch),
/* harmony export */   provideUndici: () => (/* binding */ provideUndici)
/* harmony export */ });
let real;
/** Called by src/undici-provided.ts, which src/octokit.ts loads before Octokit. */
function provideUndici(module) {
    real = module;
}
function loaded() {
    if (!real) {
        throw new Error('undici was asked for before Octokit loaded it: import Octokit through src/octokit.ts (see src/undici-on-demand.ts)');
    }
    return real;
}
/** What http-client builds for a proxied fetch: the real ProxyAgent, from the module Octokit's loader provided. */
class ProxyAgent {
    constructor(options) {
        return new (loaded().ProxyAgent)(options);
    }
}
/** What @actions/github fetches with behind a proxy. */
const fetch = (...args) => loaded().fetch(...args);


/***/ }),

/***/ 873:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $0: () => (/* binding */ neutralise),
/* harmony export */   E$: () => (/* binding */ redact),
/* harmony export */   MZ: () => (/* binding */ codeCell),
/* harmony export */   Qy: () => (/* binding */ displayUrl),
/* harmony export */   TN: () => (/* binding */ oneLine),
/* harmony export */   ZD: () => (/* binding */ escapeHtml),
/* harmony export */   Zi: () => (/* binding */ linkCell),
/* harmony export */   Zq: () => (/* binding */ checkServerId),
/* harmony export */   cl: () => (/* binding */ registerSecret),
/* harmony export */   kq: () => (/* binding */ escapeCell)
/* harmony export */ });
/* unused harmony exports REDACTED, clearSecrets, MalformedIdError */
/* harmony import */ var _app_url_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8596);
/**
 * Text the action did not write itself (server answers, workspace file names, inputs) is data, never a command.
 * This module is the one place that makes such text safe to print or to put in the job summary:
 * - `neutralise`: no printed line can start a workflow command (`::name::`, or the older `##[name]`), and no
 *   control character (carriage return, escape sequences) reaches the log;
 * - `redact`: every registered secret, raw or JSON-escaped or URL-encoded, becomes `***`;
 * - `displayUrl`: a URL without its `user:password@`;
 * - the summary escapers: HTML and Markdown in table cells, `<pre>` blocks and links.
 */

/** What a secret is replaced with. */
const REDACTED = '***';
/** Secrets shorter than this are not searched for: one or two characters would blank out ordinary text. */
const MIN_SECRET_LENGTH = 3;
const secrets = new Set();
/**
 * Registers a secret for redaction; returns every form it is searched in (raw, JSON-escaped, URL-encoded), so
 * that the caller can ask the runner to mask them too.
 */
function registerSecret(value) {
    if (value.length < MIN_SECRET_LENGTH)
        return [];
    const forms = new Set([value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)]);
    for (const form of forms)
        secrets.add(form);
    return [...forms];
}
/** Forgets every secret (for tests). */
function clearSecrets() {
    secrets.clear();
}
/** Replaces each registered secret, longest first so that a secret's parts cannot leave the rest readable. */
function redact(text) {
    let out = text;
    for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
        if (out.includes(secret))
            out = out.split(secret).join(REDACTED);
    }
    return out;
}
/** A URL (or text holding URLs) with any `user:password@` taken out. */
function displayUrl(text) {
    return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*@/gi, '$1');
}
// C0 controls but tab and line feed, DEL, C1 controls, and the Unicode line and paragraph separators.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;
const ZERO_WIDTH_SPACE = '\u200b';
/**
 * Makes text safe to print: control characters are shown as `\uXXXX`, a line that would start a workflow
 * command (`::` after any blanks) gets a zero-width space between its colons, and `##[` anywhere is broken the
 * same way (the runner's older command form). Credentials in URLs and secrets are taken out first.
 */
function neutralise(text) {
    return redact(displayUrl(text))
        .replace(CONTROL, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
        .split('\n')
        .map(line => line.replace(/^(\s*):(?=:)/, `$1:${ZERO_WIDTH_SPACE}`).replace(/#(?=#\[)/g, `#${ZERO_WIDTH_SPACE}`))
        .join('\n');
}
/** One line of untrusted text, for a place where a line break would mislead (a status, a name). */
function oneLine(text) {
    return neutralise(text.replace(/\r\n|\r|\n/g, ' '));
}
const HTML_ESCAPES = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    "'": '&#39;'
};
/**
 * Text for inside `<pre>`: `&` and `<` escaped, so no tag or entity can start (a lone `>` is plain text, and
 * stays readable in `a -> b`). Markdown does not apply within an HTML block.
 */
function escapeHtml(text) {
    return redact(displayUrl(text)).replace(/[&<]/g, c => HTML_ESCAPES[c]);
}
/**
 * Text for a Markdown table cell: HTML escaped, and the characters that start Markdown written as entities, so
 * `|` cannot split the row, no code span, emphasis or link can start, and no URL is auto-linked (`:`). Line
 * breaks become spaces.
 */
function escapeCell(text) {
    return redact(displayUrl(text))
        .replace(/[\r\n]+/g, ' ')
        .replace(/[&<>"']/g, c => HTML_ESCAPES[c])
        .replace(/[|`*_[\]\\~:]/g, c => `&#${c.charCodeAt(0)};`);
}
/** An id or other short value as code in a cell: a plain code span when that is safe, else escaped `<code>`. */
function codeCell(value) {
    const clean = redact(value);
    return /^[\w.@/+=,-]+$/.test(clean) ? `\`${clean}\`` : `<code>${escapeCell(clean)}</code>`;
}
/** A link for a cell when app-url.ts allows one and the URL is plain; otherwise the escaped text. */
function linkCell(raw) {
    const href = displayUrl(raw);
    if (!(0,_app_url_js__WEBPACK_IMPORTED_MODULE_0__/* .isLinkable */ .n1)(href) || !/^[\w:/.~%?#=&+,;@-]+$/.test(href) || redact(href) !== href)
        return escapeCell(raw);
    return `[${href}](${href})`;
}
/**
 * Ids the services hand out (packages, jobs, environments, snapshots) are UUIDs or Kubernetes-style names. One
 * that is not (a slash, a space, a line break, or absurdly long) is refused before it is used in a path, an
 * output or a message, since the action would otherwise pass on whatever a broken or hostile server says.
 */
const SERVER_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
/** A well-formed id, or an error that names the field and what was wrong. */
function checkServerId(field, value) {
    if (typeof value === 'string' && SERVER_ID.test(value) && !value.includes('..'))
        return value;
    const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value;
    throw new MalformedIdError(`The service answered with a malformed ${field} (${oneLine(shown)}): an id must be 1 to 128 letters, digits, '.', '_', ':' or '-'. The action stops rather than use it.`);
}
class MalformedIdError extends Error {
    constructor(message) {
        super(message);
        this.name = 'MalformedIdError';
    }
}


/***/ }),

/***/ 7902:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   C0: () => (/* binding */ versionCore),
/* harmony export */   FF: () => (/* binding */ fixedVersion),
/* harmony export */   Gm: () => (/* binding */ startVersionedBuild),
/* harmony export */   MP: () => (/* binding */ describeVersion),
/* harmony export */   Rh: () => (/* binding */ plannedVersion),
/* harmony export */   WS: () => (/* binding */ versionWords),
/* harmony export */   gL: () => (/* binding */ versionForRunnerBuild),
/* harmony export */   ou: () => (/* binding */ BUMPS),
/* harmony export */   u0: () => (/* binding */ sharedVersionWarning),
/* harmony export */   ze: () => (/* binding */ MAX_VERSION_LENGTH)
/* harmony export */ });
/* unused harmony exports FIRST_VERSION, compareVersions, bumpVersion, runIdVersion, numberedByRunId, highestVersion, nextVersion, startWithNextVersion */
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6803);
/**
 * Package versions numbered the way Mendix Pipelines' Build step numbers them: the next patch, minor or major
 * version after the highest one among the app's packages. Private Cloud packages show `modelVersion` (Build API 4,
 * "1.3.0.623"), Mendix Cloud packages `Version` (Build API v1, "2.3.5"); only the first three numbers count.
 */

const BUMPS = ['patch', 'minor', 'major'];
/** What every part gives when the app has no package with a version yet (Studio Pro's first version too). */
const FIRST_VERSION = '1.0.0';
/** The Private Cloud Build API takes a `version` of at most 20 characters. */
const MAX_VERSION_LENGTH = 20;
/** How many unreadable versions one warning names. */
const NAMED_AT_MOST = 5;
/** The fixed version of a choice, the one the reuse marker holds; an automatic one stays out of it. */
function fixedVersion(choice) {
    return choice && 'fixed' in choice ? choice.fixed : undefined;
}
function numbers(version) {
    const [major, minor, patch] = version.split('.').map(BigInt);
    return [major, minor, patch];
}
/**
 * The first three numbers of a package's version, without leading zeros: `1.3.0.623` gives `1.3.0`. Undefined
 * for anything else (`1.3`, `v1.3.0`, `1.3.0-beta`, `Main-1.3.0.623`).
 */
function versionCore(text) {
    const match = /^(\d+)\.(\d+)\.(\d+)(?:\.\d+)?$/.exec(text ?? '');
    return match
        ? match
            .slice(1, 4)
            .map(n => BigInt(n).toString())
            .join('.')
        : undefined;
}
/** Orders two x.y.z versions by their numbers (1.4.10 after 1.4.2). */
function compareVersions(a, b) {
    const [x, y] = [numbers(a), numbers(b)];
    for (let i = 0; i < 3; i++)
        if (x[i] !== y[i])
            return x[i] < y[i] ? -1 : 1;
    return 0;
}
/** The next version after `version`: minor and major reset the parts after them (1.4.10 gives 1.4.11, 1.5.0, 2.0.0). */
function bumpVersion(version, part) {
    const [major, minor, patch] = numbers(version);
    const next = part === 'major'
        ? [major + 1n, 0n, 0n]
        : part === 'minor'
            ? [major, minor + 1n, 0n]
            : [major, minor, patch + 1n];
    return next.join('.');
}
/**
 * The Version earlier releases of this action gave a Mendix Cloud build made without one: `<run id div 10^9>.<run
 * id mod 10^9>.<run attempt>` (run 18234567890, attempt 2 gives 18.234567890.2).
 */
function runIdVersion(runId, runAttempt) {
    const id = /^\d{1,15}$/.test(runId) ? Number(runId) : 0;
    const attempt = /^\d{1,9}$/.test(runAttempt) ? Number(runAttempt) : 1;
    return `${Math.floor(id / 1e9)}.${id % 1e9}.${attempt}`;
}
/**
 * Whether a package carries the run-id version of the run marker (`[gh-run <repository>#<run id>.<attempt>]`) in
 * its description. Counting it would number every next build after a run id (18.234567890.3), so it is left out.
 */
function numberedByRunId(pkg) {
    const run = /\[gh-run [^\]#]*#(\d{1,15})\.(\d{1,9})\]/.exec(pkg.description ?? '');
    return run !== null && versionCore(pkg.version) === runIdVersion(run[1], run[2]);
}
/** The highest version among the packages; versions that do not read as x.y.z(.n) and run-id versions are left out. */
function highestVersion(packages) {
    const highest = { unreadable: [], byRunId: [] };
    for (const pkg of packages) {
        if (!pkg.version)
            continue;
        const core = versionCore(pkg.version);
        if (core === undefined)
            highest.unreadable.push(pkg);
        else if (numberedByRunId(pkg))
            highest.byRunId.push(pkg);
        else if (highest.version === undefined || compareVersions(core, highest.version) > 0) {
            highest.version = core;
            highest.packageId = pkg.id;
        }
    }
    return highest;
}
/** The version after the highest among the packages; 1.0.0 when none has one. */
function nextVersion(part, packages) {
    const highest = highestVersion(packages);
    const version = highest.version === undefined ? FIRST_VERSION : bumpVersion(highest.version, part);
    return { ...highest, version, previous: highest.version };
}
function named(packages) {
    const shown = packages.slice(0, NAMED_AT_MOST).map(p => `${p.id} (${JSON.stringify(p.version)})`);
    const more = packages.length - shown.length;
    return shown.join(', ') + (more > 0 ? ` and ${more} more` : '');
}
/** Reads the versions and says in the log what it chose and what it left out. */
async function choose(part, list, log, again = false) {
    const packages = await list();
    const next = nextVersion(part, packages);
    // What was left out was said at the first reading.
    if (next.unreadable.length > 0 && !again) {
        log.warning(`Left out of the version numbering, since their versions do not read as x.y.z: package ${named(next.unreadable)}.`, 'Version not readable');
    }
    if (next.byRunId.length > 0 && !again) {
        log.info(`Left out ${next.byRunId.length} package(s) numbered by run id by earlier releases of this action, e.g. ${next.byRunId[0].version}.`);
    }
    if (next.version.length > MAX_VERSION_LENGTH) {
        throw new Error(`The next ${part} version after ${next.previous} would be ${next.version}, longer than the ${MAX_VERSION_LENGTH} characters a package version may have: give input 'version' as x.y.z.`);
    }
    log.info(next.previous === undefined
        ? `Version ${next.version}: none of the app's ${packages.length} package(s) has a version yet.`
        : `Version ${next.version}: the next ${part} version after ${next.previous}, the highest of the app's ${packages.length} package(s).`);
    return { version: next.version, previous: next.previous };
}
/**
 * A refusal of the request as sent: the service answered and did not act. A taken version can only be told from
 * the other refusals by reading the versions again, which is what the caller does.
 */
function refusal(error) {
    return (error instanceof _http_js__WEBPACK_IMPORTED_MODULE_0__/* .ApiError */ .hD &&
        !error.outcomeUnknown &&
        (error.status === 400 || error.status === 409 || error.status === 422));
}
/**
 * Reads the app's versions just before the build request and sends it with the next one. Two runs may read the
 * same highest version at the same moment, and neither API can claim a version only if it is still free: when the
 * service refuses the request and the versions read again show this one taken meanwhile, the request is sent once
 * more with the next version after them. Any other refusal is the caller's to report.
 */
async function startWithNextVersion(request) {
    const { part, list, start, log } = request;
    const first = await choose(part, list, log);
    try {
        return { ...first, started: await start(first.version) };
    }
    catch (error) {
        if (!refusal(error))
            throw error;
        const again = await choose(part, list, log, true);
        if (compareVersions(again.version, first.version) <= 0)
            throw error;
        const answer = `${error.status}${error.serviceCode ? ` ${error.serviceCode}` : ''}`;
        log.warning(`Version ${first.version} was taken meanwhile, by another build of this app (two runs at once?): the build request was refused (${answer}). Building as ${again.version} instead.`, 'Version taken');
        return { ...again, started: await start(again.version) };
    }
}
/**
 * Sends the build request with the version asked for: a fixed one as it is, an automatic one read just before it
 * (startWithNextVersion). Outputs `version` and `previousVersion` once the request is accepted.
 */
async function startVersionedBuild(request) {
    const { choice, list, start, log, progress } = request;
    if (!choice || 'fixed' in choice) {
        const started = await start(fixedVersion(choice));
        progress.output('version', fixedVersion(choice));
        return { started, version: fixedVersion(choice) };
    }
    const numbered = await startWithNextVersion({ part: choice.bump, list, start, log });
    progress.output('version', numbered.version);
    progress.output('previousVersion', numbered.previous);
    return { started: numbered.started, version: numbered.version };
}
/** The version in a build's title: `version 1.4.2`, `the next patch version`, or undefined for none. */
function versionWords(choice) {
    if (!choice)
        return undefined;
    return 'fixed' in choice ? `version ${choice.fixed}` : `the next ${choice.bump} version`;
}
/** For a dry run: the version a build would get, read now (`1.4.11 (patch after 1.4.10; …)`). */
async function plannedVersion(choice, list) {
    if ('fixed' in choice)
        return choice.fixed;
    const next = nextVersion(choice.bump, await list());
    const after = next.previous ? `${choice.bump} after ${next.previous}` : 'the first';
    return `${next.version} (${after}; read again just before a real build)`;
}
/**
 * When packages other than `packageId` carry `version` too: a warning naming them. Private Cloud's Build API builds
 * a version another package has (its spec documents no refusal), so two runs that bumped at once both build it.
 */
function sharedVersionWarning(version, packageId, packages) {
    const twins = packages.filter(p => p.id !== packageId && versionCore(p.version) === version);
    if (twins.length === 0)
        return undefined;
    return `Package ${twins.map(p => p.id).join(', ')} has version ${version} too: another run built the same version at the same moment (the Build API does not refuse a taken version). Give one of them a version of its own if it matters.`;
}
/** The job summary's version: the one built (beside the highest before it) or reused; else what was asked for. */
function describeVersion(choice, outputs) {
    const automatic = choice && 'bump' in choice ? choice.bump : undefined;
    if (outputs.version) {
        if (!automatic || outputs.reused === 'true')
            return outputs.version;
        return outputs.previousVersion
            ? `${outputs.version} (${automatic} after ${outputs.previousVersion})`
            : `${outputs.version} (the first, as no package had a version)`;
    }
    if (automatic)
        return `the next ${automatic} version (no build started)`;
    return fixedVersion(choice) ?? '(none)';
}
/**
 * The version MxBuild writes into a package built in the runner (`--model-version`): a fixed one as it is, an
 * automatic one chosen from the app's packages just before the build, as for a service build. Outputs `version`
 * and `previousVersion`. Undefined without a version: MxBuild keeps the app's own.
 */
async function versionForRunnerBuild(choice, list, log, progress) {
    if (!choice)
        return undefined;
    if ('fixed' in choice) {
        progress.output('version', choice.fixed);
        return choice.fixed;
    }
    const next = await choose(choice.bump, list, log);
    progress.output('version', next.version);
    progress.output('previousVersion', next.previous);
    return next.version;
}


/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 5317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 6982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 1421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 4708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 99:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:sqlite");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 6466:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/promises");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 6928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 6058:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Yz: () => (/* binding */ core_debug),
  z3: () => (/* binding */ error),
  V4: () => (/* binding */ getInput),
  Os: () => (/* binding */ group),
  pq: () => (/* binding */ info),
  _o: () => (/* binding */ isDebug),
  lm: () => (/* binding */ notice),
  uH: () => (/* binding */ setOutput),
  Pq: () => (/* binding */ core_setSecret),
  z: () => (/* reexport */ summary),
  $e: () => (/* binding */ warning)
});

// UNUSED EXPORTS: ExitCode, addPath, endGroup, exportVariable, getBooleanInput, getIDToken, getMultilineInput, getState, markdownSummary, platform, saveState, setCommandEcho, setFailed, startGroup, toPlatformPath, toPosixPath, toWin32Path

// EXTERNAL MODULE: external "os"
var external_os_ = __nccwpck_require__(857);
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/utils.js
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Sanitizes an input into a string so it can be passed into issueCommand safely
 * @param input input to sanitize into a string
 */
function utils_toCommandValue(input) {
    if (input === null || input === undefined) {
        return '';
    }
    else if (typeof input === 'string' || input instanceof String) {
        return input;
    }
    return JSON.stringify(input);
}
/**
 *
 * @param annotationProperties
 * @returns The command properties to send with the actual annotation command
 * See IssueCommandProperties: https://github.com/actions/runner/blob/main/src/Runner.Worker/ActionCommandManager.cs#L646
 */
function toCommandProperties(annotationProperties) {
    if (!Object.keys(annotationProperties).length) {
        return {};
    }
    return {
        title: annotationProperties.title,
        file: annotationProperties.file,
        line: annotationProperties.startLine,
        endLine: annotationProperties.endLine,
        col: annotationProperties.startColumn,
        endColumn: annotationProperties.endColumn
    };
}
//# sourceMappingURL=utils.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/command.js


/**
 * Issues a command to the GitHub Actions runner
 *
 * @param command - The command name to issue
 * @param properties - Additional properties for the command (key-value pairs)
 * @param message - The message to include with the command
 * @remarks
 * This function outputs a specially formatted string to stdout that the Actions
 * runner interprets as a command. These commands can control workflow behavior,
 * set outputs, create annotations, mask values, and more.
 *
 * Command Format:
 *   ::name key=value,key=value::message
 *
 * @example
 * ```typescript
 * // Issue a warning annotation
 * issueCommand('warning', {}, 'This is a warning message');
 * // Output: ::warning::This is a warning message
 *
 * // Set an environment variable
 * issueCommand('set-env', { name: 'MY_VAR' }, 'some value');
 * // Output: ::set-env name=MY_VAR::some value
 *
 * // Add a secret mask
 * issueCommand('add-mask', {}, 'secretValue123');
 * // Output: ::add-mask::secretValue123
 * ```
 *
 * @internal
 * This is an internal utility function that powers the public API functions
 * such as setSecret, warning, error, and exportVariable.
 */
function command_issueCommand(command, properties, message) {
    const cmd = new Command(command, properties, message);
    process.stdout.write(cmd.toString() + external_os_.EOL);
}
function command_issue(name, message = '') {
    command_issueCommand(name, {}, message);
}
const CMD_STRING = '::';
class Command {
    constructor(command, properties, message) {
        if (!command) {
            command = 'missing.command';
        }
        this.command = command;
        this.properties = properties;
        this.message = message;
    }
    toString() {
        let cmdStr = CMD_STRING + this.command;
        if (this.properties && Object.keys(this.properties).length > 0) {
            cmdStr += ' ';
            let first = true;
            for (const key in this.properties) {
                if (this.properties.hasOwnProperty(key)) {
                    const val = this.properties[key];
                    if (val) {
                        if (first) {
                            first = false;
                        }
                        else {
                            cmdStr += ',';
                        }
                        cmdStr += `${key}=${escapeProperty(val)}`;
                    }
                }
            }
        }
        cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
        return cmdStr;
    }
}
function escapeData(s) {
    return utils_toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A');
}
function escapeProperty(s) {
    return utils_toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A')
        .replace(/:/g, '%3A')
        .replace(/,/g, '%2C');
}
//# sourceMappingURL=command.js.map
// EXTERNAL MODULE: external "crypto"
var external_crypto_ = __nccwpck_require__(6982);
// EXTERNAL MODULE: external "fs"
var external_fs_ = __nccwpck_require__(9896);
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/file-command.js
// For internal use, subject to change.
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */




function file_command_issueFileCommand(command, message) {
    const filePath = process.env[`GITHUB_${command}`];
    if (!filePath) {
        throw new Error(`Unable to find environment variable for file command ${command}`);
    }
    if (!external_fs_.existsSync(filePath)) {
        throw new Error(`Missing file at path: ${filePath}`);
    }
    external_fs_.appendFileSync(filePath, `${utils_toCommandValue(message)}${external_os_.EOL}`, {
        encoding: 'utf8'
    });
}
function file_command_prepareKeyValueMessage(key, value) {
    const delimiter = `ghadelimiter_${external_crypto_.randomUUID()}`;
    const convertedValue = utils_toCommandValue(value);
    // These should realistically never happen, but just in case someone finds a
    // way to exploit uuid generation let's not allow keys or values that contain
    // the delimiter.
    if (key.includes(delimiter)) {
        throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
    }
    if (convertedValue.includes(delimiter)) {
        throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
    }
    return `${key}<<${delimiter}${external_os_.EOL}${convertedValue}${external_os_.EOL}${delimiter}`;
}
//# sourceMappingURL=file-command.js.map
// EXTERNAL MODULE: external "path"
var external_path_ = __nccwpck_require__(6928);
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js + 1 modules
var lib = __nccwpck_require__(4942);
;// CONCATENATED MODULE: ./node_modules/@actions/http-client/lib/auth.js
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
class BasicCredentialHandler {
    constructor(username, password) {
        this.username = username;
        this.password = password;
    }
    prepareRequest(options) {
        if (!options.headers) {
            throw Error('The request has no headers');
        }
        options.headers['Authorization'] = `Basic ${Buffer.from(`${this.username}:${this.password}`).toString('base64')}`;
    }
    // This handler cannot handle 401
    canHandleAuthentication() {
        return false;
    }
    handleAuthentication() {
        return __awaiter(this, void 0, void 0, function* () {
            throw new Error('not implemented');
        });
    }
}
class auth_BearerCredentialHandler {
    constructor(token) {
        this.token = token;
    }
    // currently implements pre-authorization
    // TODO: support preAuth = false where it hooks on 401
    prepareRequest(options) {
        if (!options.headers) {
            throw Error('The request has no headers');
        }
        options.headers['Authorization'] = `Bearer ${this.token}`;
    }
    // This handler cannot handle 401
    canHandleAuthentication() {
        return false;
    }
    handleAuthentication() {
        return __awaiter(this, void 0, void 0, function* () {
            throw new Error('not implemented');
        });
    }
}
class PersonalAccessTokenCredentialHandler {
    constructor(token) {
        this.token = token;
    }
    // currently implements pre-authorization
    // TODO: support preAuth = false where it hooks on 401
    prepareRequest(options) {
        if (!options.headers) {
            throw Error('The request has no headers');
        }
        options.headers['Authorization'] = `Basic ${Buffer.from(`PAT:${this.token}`).toString('base64')}`;
    }
    // This handler cannot handle 401
    canHandleAuthentication() {
        return false;
    }
    handleAuthentication() {
        return __awaiter(this, void 0, void 0, function* () {
            throw new Error('not implemented');
        });
    }
}
//# sourceMappingURL=auth.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/oidc-utils.js
var oidc_utils_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};



class oidc_utils_OidcClient {
    static createHttpClient(allowRetry = true, maxRetry = 10) {
        const requestOptions = {
            allowRetries: allowRetry,
            maxRetries: maxRetry
        };
        return new HttpClient('actions/oidc-client', [new BearerCredentialHandler(oidc_utils_OidcClient.getRequestToken())], requestOptions);
    }
    static getRequestToken() {
        const token = process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'];
        if (!token) {
            throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_TOKEN env variable');
        }
        return token;
    }
    static getIDTokenUrl() {
        const runtimeUrl = process.env['ACTIONS_ID_TOKEN_REQUEST_URL'];
        if (!runtimeUrl) {
            throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable');
        }
        return runtimeUrl;
    }
    static getCall(id_token_url) {
        return oidc_utils_awaiter(this, void 0, void 0, function* () {
            var _a;
            const httpclient = oidc_utils_OidcClient.createHttpClient();
            const res = yield httpclient
                .getJson(id_token_url)
                .catch(error => {
                throw new Error(`Failed to get ID Token. \n 
        Error Code : ${error.statusCode}\n 
        Error Message: ${error.message}`);
            });
            const id_token = (_a = res.result) === null || _a === void 0 ? void 0 : _a.value;
            if (!id_token) {
                throw new Error('Response json body do not have ID Token field');
            }
            return id_token;
        });
    }
    static getIDToken(audience) {
        return oidc_utils_awaiter(this, void 0, void 0, function* () {
            try {
                // New ID Token is requested from action service
                let id_token_url = oidc_utils_OidcClient.getIDTokenUrl();
                if (audience) {
                    const encodedAudience = encodeURIComponent(audience);
                    id_token_url = `${id_token_url}&audience=${encodedAudience}`;
                }
                debug(`ID token url is ${id_token_url}`);
                const id_token = yield oidc_utils_OidcClient.getCall(id_token_url);
                setSecret(id_token);
                return id_token;
            }
            catch (error) {
                throw new Error(`Error message: ${error.message}`);
            }
        });
    }
}
//# sourceMappingURL=oidc-utils.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/summary.js
var summary_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { access, appendFile, writeFile } = external_fs_.promises;
const SUMMARY_ENV_VAR = 'GITHUB_STEP_SUMMARY';
const SUMMARY_DOCS_URL = 'https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-job-summary';
class Summary {
    constructor() {
        this._buffer = '';
    }
    /**
     * Finds the summary file path from the environment, rejects if env var is not found or file does not exist
     * Also checks r/w permissions.
     *
     * @returns step summary file path
     */
    filePath() {
        return summary_awaiter(this, void 0, void 0, function* () {
            if (this._filePath) {
                return this._filePath;
            }
            const pathFromEnv = process.env[SUMMARY_ENV_VAR];
            if (!pathFromEnv) {
                throw new Error(`Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`);
            }
            try {
                yield access(pathFromEnv, external_fs_.constants.R_OK | external_fs_.constants.W_OK);
            }
            catch (_a) {
                throw new Error(`Unable to access summary file: '${pathFromEnv}'. Check if the file has correct read/write permissions.`);
            }
            this._filePath = pathFromEnv;
            return this._filePath;
        });
    }
    /**
     * Wraps content in an HTML tag, adding any HTML attributes
     *
     * @param {string} tag HTML tag to wrap
     * @param {string | null} content content within the tag
     * @param {[attribute: string]: string} attrs key-value list of HTML attributes to add
     *
     * @returns {string} content wrapped in HTML element
     */
    wrap(tag, content, attrs = {}) {
        const htmlAttrs = Object.entries(attrs)
            .map(([key, value]) => ` ${key}="${value}"`)
            .join('');
        if (!content) {
            return `<${tag}${htmlAttrs}>`;
        }
        return `<${tag}${htmlAttrs}>${content}</${tag}>`;
    }
    /**
     * Writes text in the buffer to the summary buffer file and empties buffer. Will append by default.
     *
     * @param {SummaryWriteOptions} [options] (optional) options for write operation
     *
     * @returns {Promise<Summary>} summary instance
     */
    write(options) {
        return summary_awaiter(this, void 0, void 0, function* () {
            const overwrite = !!(options === null || options === void 0 ? void 0 : options.overwrite);
            const filePath = yield this.filePath();
            const writeFunc = overwrite ? writeFile : appendFile;
            yield writeFunc(filePath, this._buffer, { encoding: 'utf8' });
            return this.emptyBuffer();
        });
    }
    /**
     * Clears the summary buffer and wipes the summary file
     *
     * @returns {Summary} summary instance
     */
    clear() {
        return summary_awaiter(this, void 0, void 0, function* () {
            return this.emptyBuffer().write({ overwrite: true });
        });
    }
    /**
     * Returns the current summary buffer as a string
     *
     * @returns {string} string of summary buffer
     */
    stringify() {
        return this._buffer;
    }
    /**
     * If the summary buffer is empty
     *
     * @returns {boolen} true if the buffer is empty
     */
    isEmptyBuffer() {
        return this._buffer.length === 0;
    }
    /**
     * Resets the summary buffer without writing to summary file
     *
     * @returns {Summary} summary instance
     */
    emptyBuffer() {
        this._buffer = '';
        return this;
    }
    /**
     * Adds raw text to the summary buffer
     *
     * @param {string} text content to add
     * @param {boolean} [addEOL=false] (optional) append an EOL to the raw text (default: false)
     *
     * @returns {Summary} summary instance
     */
    addRaw(text, addEOL = false) {
        this._buffer += text;
        return addEOL ? this.addEOL() : this;
    }
    /**
     * Adds the operating system-specific end-of-line marker to the buffer
     *
     * @returns {Summary} summary instance
     */
    addEOL() {
        return this.addRaw(external_os_.EOL);
    }
    /**
     * Adds an HTML codeblock to the summary buffer
     *
     * @param {string} code content to render within fenced code block
     * @param {string} lang (optional) language to syntax highlight code
     *
     * @returns {Summary} summary instance
     */
    addCodeBlock(code, lang) {
        const attrs = Object.assign({}, (lang && { lang }));
        const element = this.wrap('pre', this.wrap('code', code), attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML list to the summary buffer
     *
     * @param {string[]} items list of items to render
     * @param {boolean} [ordered=false] (optional) if the rendered list should be ordered or not (default: false)
     *
     * @returns {Summary} summary instance
     */
    addList(items, ordered = false) {
        const tag = ordered ? 'ol' : 'ul';
        const listItems = items.map(item => this.wrap('li', item)).join('');
        const element = this.wrap(tag, listItems);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML table to the summary buffer
     *
     * @param {SummaryTableCell[]} rows table rows
     *
     * @returns {Summary} summary instance
     */
    addTable(rows) {
        const tableBody = rows
            .map(row => {
            const cells = row
                .map(cell => {
                if (typeof cell === 'string') {
                    return this.wrap('td', cell);
                }
                const { header, data, colspan, rowspan } = cell;
                const tag = header ? 'th' : 'td';
                const attrs = Object.assign(Object.assign({}, (colspan && { colspan })), (rowspan && { rowspan }));
                return this.wrap(tag, data, attrs);
            })
                .join('');
            return this.wrap('tr', cells);
        })
            .join('');
        const element = this.wrap('table', tableBody);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds a collapsable HTML details element to the summary buffer
     *
     * @param {string} label text for the closed state
     * @param {string} content collapsable content
     *
     * @returns {Summary} summary instance
     */
    addDetails(label, content) {
        const element = this.wrap('details', this.wrap('summary', label) + content);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML image tag to the summary buffer
     *
     * @param {string} src path to the image you to embed
     * @param {string} alt text description of the image
     * @param {SummaryImageOptions} options (optional) addition image attributes
     *
     * @returns {Summary} summary instance
     */
    addImage(src, alt, options) {
        const { width, height } = options || {};
        const attrs = Object.assign(Object.assign({}, (width && { width })), (height && { height }));
        const element = this.wrap('img', null, Object.assign({ src, alt }, attrs));
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML section heading element
     *
     * @param {string} text heading text
     * @param {number | string} [level=1] (optional) the heading level, default: 1
     *
     * @returns {Summary} summary instance
     */
    addHeading(text, level) {
        const tag = `h${level}`;
        const allowedTag = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].includes(tag)
            ? tag
            : 'h1';
        const element = this.wrap(allowedTag, text);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML thematic break (<hr>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addSeparator() {
        const element = this.wrap('hr', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML line break (<br>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addBreak() {
        const element = this.wrap('br', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML blockquote to the summary buffer
     *
     * @param {string} text quote text
     * @param {string} cite (optional) citation url
     *
     * @returns {Summary} summary instance
     */
    addQuote(text, cite) {
        const attrs = Object.assign({}, (cite && { cite }));
        const element = this.wrap('blockquote', text, attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML anchor tag to the summary buffer
     *
     * @param {string} text link text/content
     * @param {string} href hyperlink
     *
     * @returns {Summary} summary instance
     */
    addLink(text, href) {
        const element = this.wrap('a', text, { href });
        return this.addRaw(element).addEOL();
    }
}
const _summary = new Summary();
/**
 * @deprecated use `core.summary`
 */
const markdownSummary = (/* unused pure expression or super */ null && (_summary));
const summary = _summary;
//# sourceMappingURL=summary.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/path-utils.js

/**
 * toPosixPath converts the given path to the posix form. On Windows, \\ will be
 * replaced with /.
 *
 * @param pth. Path to transform.
 * @return string Posix path.
 */
function toPosixPath(pth) {
    return pth.replace(/[\\]/g, '/');
}
/**
 * toWin32Path converts the given path to the win32 form. On Linux, / will be
 * replaced with \\.
 *
 * @param pth. Path to transform.
 * @return string Win32 path.
 */
function toWin32Path(pth) {
    return pth.replace(/[/]/g, '\\');
}
/**
 * toPlatformPath converts the given path to a platform-specific path. It does
 * this by replacing instances of / and \ with the platform-specific path
 * separator.
 *
 * @param pth The path to platformize.
 * @return string The platform-specific path.
 */
function toPlatformPath(pth) {
    return pth.replace(/[/\\]/g, path.sep);
}
//# sourceMappingURL=path-utils.js.map
// EXTERNAL MODULE: ./node_modules/@actions/exec/lib/exec.js + 2 modules
var lib_exec = __nccwpck_require__(5260);
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/platform.js
var platform_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const getWindowsInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    const { stdout: version } = yield exec.getExecOutput('powershell -command "(Get-CimInstance -ClassName Win32_OperatingSystem).Version"', undefined, {
        silent: true
    });
    const { stdout: name } = yield exec.getExecOutput('powershell -command "(Get-CimInstance -ClassName Win32_OperatingSystem).Caption"', undefined, {
        silent: true
    });
    return {
        name: name.trim(),
        version: version.trim()
    };
});
const getMacOsInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    var _a, _b, _c, _d;
    const { stdout } = yield exec.getExecOutput('sw_vers', undefined, {
        silent: true
    });
    const version = (_b = (_a = stdout.match(/ProductVersion:\s*(.+)/)) === null || _a === void 0 ? void 0 : _a[1]) !== null && _b !== void 0 ? _b : '';
    const name = (_d = (_c = stdout.match(/ProductName:\s*(.+)/)) === null || _c === void 0 ? void 0 : _c[1]) !== null && _d !== void 0 ? _d : '';
    return {
        name,
        version
    };
});
const getLinuxInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    const { stdout } = yield exec.getExecOutput('lsb_release', ['-i', '-r', '-s'], {
        silent: true
    });
    const [name, version] = stdout.trim().split('\n');
    return {
        name,
        version
    };
});
const platform = external_os_.platform();
const arch = external_os_.arch();
const isWindows = platform === 'win32';
const isMacOS = platform === 'darwin';
const isLinux = platform === 'linux';
function getDetails() {
    return platform_awaiter(this, void 0, void 0, function* () {
        return Object.assign(Object.assign({}, (yield (isWindows
            ? getWindowsInfo()
            : isMacOS
                ? getMacOsInfo()
                : getLinuxInfo()))), { platform,
            arch,
            isWindows,
            isMacOS,
            isLinux });
    });
}
//# sourceMappingURL=platform.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/core.js
var core_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};






/**
 * The code to exit an action
 */
var ExitCode;
(function (ExitCode) {
    /**
     * A code indicating that the action was successful
     */
    ExitCode[ExitCode["Success"] = 0] = "Success";
    /**
     * A code indicating that the action was a failure
     */
    ExitCode[ExitCode["Failure"] = 1] = "Failure";
})(ExitCode || (ExitCode = {}));
//-----------------------------------------------------------------------
// Variables
//-----------------------------------------------------------------------
/**
 * Sets env variable for this action and future actions in the job
 * @param name the name of the variable to set
 * @param val the value of the variable. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function exportVariable(name, val) {
    const convertedVal = toCommandValue(val);
    process.env[name] = convertedVal;
    const filePath = process.env['GITHUB_ENV'] || '';
    if (filePath) {
        return issueFileCommand('ENV', prepareKeyValueMessage(name, val));
    }
    issueCommand('set-env', { name }, convertedVal);
}
/**
 * Registers a secret which will get masked from logs
 *
 * @param secret - Value of the secret to be masked
 * @remarks
 * This function instructs the Actions runner to mask the specified value in any
 * logs produced during the workflow run. Once registered, the secret value will
 * be replaced with asterisks (***) whenever it appears in console output, logs,
 * or error messages.
 *
 * This is useful for protecting sensitive information such as:
 * - API keys
 * - Access tokens
 * - Authentication credentials
 * - URL parameters containing signatures (SAS tokens)
 *
 * Note that masking only affects future logs; any previous appearances of the
 * secret in logs before calling this function will remain unmasked.
 *
 * @example
 * ```typescript
 * // Register an API token as a secret
 * const apiToken = "abc123xyz456";
 * setSecret(apiToken);
 *
 * // Now any logs containing this value will show *** instead
 * console.log(`Using token: ${apiToken}`); // Outputs: "Using token: ***"
 * ```
 */
function core_setSecret(secret) {
    command_issueCommand('add-mask', {}, secret);
}
/**
 * Prepends inputPath to the PATH (for this action and future actions)
 * @param inputPath
 */
function addPath(inputPath) {
    const filePath = process.env['GITHUB_PATH'] || '';
    if (filePath) {
        issueFileCommand('PATH', inputPath);
    }
    else {
        issueCommand('add-path', {}, inputPath);
    }
    process.env['PATH'] = `${inputPath}${path.delimiter}${process.env['PATH']}`;
}
/**
 * Gets the value of an input.
 * Unless trimWhitespace is set to false in InputOptions, the value is also trimmed.
 * Returns an empty string if the value is not defined.
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   string
 */
function getInput(name, options) {
    const val = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
    if (options && options.required && !val) {
        throw new Error(`Input required and not supplied: ${name}`);
    }
    if (options && options.trimWhitespace === false) {
        return val;
    }
    return val.trim();
}
/**
 * Gets the values of an multiline input.  Each value is also trimmed.
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   string[]
 *
 */
function getMultilineInput(name, options) {
    const inputs = getInput(name, options)
        .split('\n')
        .filter(x => x !== '');
    if (options && options.trimWhitespace === false) {
        return inputs;
    }
    return inputs.map(input => input.trim());
}
/**
 * Gets the input value of the boolean type in the YAML 1.2 "core schema" specification.
 * Support boolean input list: `true | True | TRUE | false | False | FALSE` .
 * The return value is also in boolean type.
 * ref: https://yaml.org/spec/1.2/spec.html#id2804923
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   boolean
 */
function getBooleanInput(name, options) {
    const trueValue = ['true', 'True', 'TRUE'];
    const falseValue = ['false', 'False', 'FALSE'];
    const val = getInput(name, options);
    if (trueValue.includes(val))
        return true;
    if (falseValue.includes(val))
        return false;
    throw new TypeError(`Input does not meet YAML 1.2 "Core Schema" specification: ${name}\n` +
        `Support boolean input list: \`true | True | TRUE | false | False | FALSE\``);
}
/**
 * Sets the value of an output.
 *
 * @param     name     name of the output to set
 * @param     value    value to store. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function setOutput(name, value) {
    const filePath = process.env['GITHUB_OUTPUT'] || '';
    if (filePath) {
        return file_command_issueFileCommand('OUTPUT', file_command_prepareKeyValueMessage(name, value));
    }
    process.stdout.write(external_os_.EOL);
    command_issueCommand('set-output', { name }, utils_toCommandValue(value));
}
/**
 * Enables or disables the echoing of commands into stdout for the rest of the step.
 * Echoing is disabled by default if ACTIONS_STEP_DEBUG is not set.
 *
 */
function setCommandEcho(enabled) {
    issue('echo', enabled ? 'on' : 'off');
}
//-----------------------------------------------------------------------
// Results
//-----------------------------------------------------------------------
/**
 * Sets the action status to failed.
 * When the action exits it will be with an exit code of 1
 * @param message add error issue message
 */
function setFailed(message) {
    process.exitCode = ExitCode.Failure;
    error(message);
}
//-----------------------------------------------------------------------
// Logging Commands
//-----------------------------------------------------------------------
/**
 * Gets whether Actions Step Debug is on or not
 */
function isDebug() {
    return process.env['RUNNER_DEBUG'] === '1';
}
/**
 * Writes debug message to user log
 * @param message debug message
 */
function core_debug(message) {
    command_issueCommand('debug', {}, message);
}
/**
 * Adds an error issue
 * @param message error issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function error(message, properties = {}) {
    command_issueCommand('error', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Adds a warning issue
 * @param message warning issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function warning(message, properties = {}) {
    command_issueCommand('warning', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Adds a notice issue
 * @param message notice issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function notice(message, properties = {}) {
    command_issueCommand('notice', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Writes info to log with console.log.
 * @param message info message
 */
function info(message) {
    process.stdout.write(message + external_os_.EOL);
}
/**
 * Begin an output group.
 *
 * Output until the next `groupEnd` will be foldable in this group
 *
 * @param name The name of the output group
 */
function startGroup(name) {
    command_issue('group', name);
}
/**
 * End an output group.
 */
function endGroup() {
    command_issue('endgroup');
}
/**
 * Wrap an asynchronous function call in a group.
 *
 * Returns the same type as the function itself.
 *
 * @param name The name of the group
 * @param fn The function to wrap in the group
 */
function group(name, fn) {
    return core_awaiter(this, void 0, void 0, function* () {
        startGroup(name);
        let result;
        try {
            result = yield fn();
        }
        finally {
            endGroup();
        }
        return result;
    });
}
//-----------------------------------------------------------------------
// Wrapper action state
//-----------------------------------------------------------------------
/**
 * Saves state for current action, the state can only be retrieved by this action's post job execution.
 *
 * @param     name     name of the state to store
 * @param     value    value to store. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function saveState(name, value) {
    const filePath = process.env['GITHUB_STATE'] || '';
    if (filePath) {
        return issueFileCommand('STATE', prepareKeyValueMessage(name, value));
    }
    issueCommand('save-state', { name }, toCommandValue(value));
}
/**
 * Gets the value of an state set by this action's main execution.
 *
 * @param     name     name of the state to get
 * @returns   string
 */
function getState(name) {
    return process.env[`STATE_${name}`] || '';
}
function getIDToken(aud) {
    return core_awaiter(this, void 0, void 0, function* () {
        return yield OidcClient.getIDToken(aud);
    });
}
/**
 * Summary exports
 */

/**
 * @deprecated use core.summary
 */

/**
 * Path exports
 */

/**
 * Platform utilities exports
 */

//# sourceMappingURL=core.js.map

/***/ }),

/***/ 5260:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  m: () => (/* binding */ exec)
});

// UNUSED EXPORTS: getExecOutput

// EXTERNAL MODULE: external "string_decoder"
var external_string_decoder_ = __nccwpck_require__(3193);
// EXTERNAL MODULE: external "os"
var external_os_ = __nccwpck_require__(857);
// EXTERNAL MODULE: external "events"
var external_events_ = __nccwpck_require__(4434);
// EXTERNAL MODULE: external "child_process"
var external_child_process_ = __nccwpck_require__(5317);
// EXTERNAL MODULE: external "path"
var external_path_ = __nccwpck_require__(6928);
// EXTERNAL MODULE: ./node_modules/@actions/io/lib/io.js
var io = __nccwpck_require__(8701);
// EXTERNAL MODULE: ./node_modules/@actions/io/lib/io-util.js
var io_util = __nccwpck_require__(90);
;// CONCATENATED MODULE: external "timers"
const external_timers_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");
;// CONCATENATED MODULE: ./node_modules/@actions/exec/lib/toolrunner.js
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};







/* eslint-disable @typescript-eslint/unbound-method */
const IS_WINDOWS = process.platform === 'win32';
/*
 * Class for running command line tools. Handles quoting and arg parsing in a platform agnostic way.
 */
class ToolRunner extends external_events_.EventEmitter {
    constructor(toolPath, args, options) {
        super();
        if (!toolPath) {
            throw new Error("Parameter 'toolPath' cannot be null or empty.");
        }
        this.toolPath = toolPath;
        this.args = args || [];
        this.options = options || {};
    }
    _debug(message) {
        if (this.options.listeners && this.options.listeners.debug) {
            this.options.listeners.debug(message);
        }
    }
    _getCommandString(options, noPrefix) {
        const toolPath = this._getSpawnFileName();
        const args = this._getSpawnArgs(options);
        let cmd = noPrefix ? '' : '[command]'; // omit prefix when piped to a second tool
        if (IS_WINDOWS) {
            // Windows + cmd file
            if (this._isCmdFile()) {
                cmd += toolPath;
                for (const a of args) {
                    cmd += ` ${a}`;
                }
            }
            // Windows + verbatim
            else if (options.windowsVerbatimArguments) {
                cmd += `"${toolPath}"`;
                for (const a of args) {
                    cmd += ` ${a}`;
                }
            }
            // Windows (regular)
            else {
                cmd += this._windowsQuoteCmdArg(toolPath);
                for (const a of args) {
                    cmd += ` ${this._windowsQuoteCmdArg(a)}`;
                }
            }
        }
        else {
            // OSX/Linux - this can likely be improved with some form of quoting.
            // creating processes on Unix is fundamentally different than Windows.
            // on Unix, execvp() takes an arg array.
            cmd += toolPath;
            for (const a of args) {
                cmd += ` ${a}`;
            }
        }
        return cmd;
    }
    _processLineBuffer(data, strBuffer, onLine) {
        try {
            let s = strBuffer + data.toString();
            let n = s.indexOf(external_os_.EOL);
            while (n > -1) {
                const line = s.substring(0, n);
                onLine(line);
                // the rest of the string ...
                s = s.substring(n + external_os_.EOL.length);
                n = s.indexOf(external_os_.EOL);
            }
            return s;
        }
        catch (err) {
            // streaming lines to console is best effort.  Don't fail a build.
            this._debug(`error processing line. Failed with error ${err}`);
            return '';
        }
    }
    _getSpawnFileName() {
        if (IS_WINDOWS) {
            if (this._isCmdFile()) {
                return process.env['COMSPEC'] || 'cmd.exe';
            }
        }
        return this.toolPath;
    }
    _getSpawnArgs(options) {
        if (IS_WINDOWS) {
            if (this._isCmdFile()) {
                let argline = `/D /S /C "${this._windowsQuoteCmdArg(this.toolPath)}`;
                for (const a of this.args) {
                    argline += ' ';
                    argline += options.windowsVerbatimArguments
                        ? a
                        : this._windowsQuoteCmdArg(a);
                }
                argline += '"';
                return [argline];
            }
        }
        return this.args;
    }
    _endsWith(str, end) {
        return str.endsWith(end);
    }
    _isCmdFile() {
        const upperToolPath = this.toolPath.toUpperCase();
        return (this._endsWith(upperToolPath, '.CMD') ||
            this._endsWith(upperToolPath, '.BAT'));
    }
    _windowsQuoteCmdArg(arg) {
        // for .exe, apply the normal quoting rules that libuv applies
        if (!this._isCmdFile()) {
            return this._uvQuoteCmdArg(arg);
        }
        // otherwise apply quoting rules specific to the cmd.exe command line parser.
        // the libuv rules are generic and are not designed specifically for cmd.exe
        // command line parser.
        //
        // for a detailed description of the cmd.exe command line parser, refer to
        // http://stackoverflow.com/questions/4094699/how-does-the-windows-command-interpreter-cmd-exe-parse-scripts/7970912#7970912
        // need quotes for empty arg
        if (!arg) {
            return '""';
        }
        // determine whether the arg needs to be quoted
        const cmdSpecialChars = [
            ' ',
            '\t',
            '&',
            '(',
            ')',
            '[',
            ']',
            '{',
            '}',
            '^',
            '=',
            ';',
            '!',
            "'",
            '+',
            ',',
            '`',
            '~',
            '|',
            '<',
            '>',
            '"'
        ];
        let needsQuotes = false;
        for (const char of arg) {
            if (cmdSpecialChars.some(x => x === char)) {
                needsQuotes = true;
                break;
            }
        }
        // short-circuit if quotes not needed
        if (!needsQuotes) {
            return arg;
        }
        // the following quoting rules are very similar to the rules that by libuv applies.
        //
        // 1) wrap the string in quotes
        //
        // 2) double-up quotes - i.e. " => ""
        //
        //    this is different from the libuv quoting rules. libuv replaces " with \", which unfortunately
        //    doesn't work well with a cmd.exe command line.
        //
        //    note, replacing " with "" also works well if the arg is passed to a downstream .NET console app.
        //    for example, the command line:
        //          foo.exe "myarg:""my val"""
        //    is parsed by a .NET console app into an arg array:
        //          [ "myarg:\"my val\"" ]
        //    which is the same end result when applying libuv quoting rules. although the actual
        //    command line from libuv quoting rules would look like:
        //          foo.exe "myarg:\"my val\""
        //
        // 3) double-up slashes that precede a quote,
        //    e.g.  hello \world    => "hello \world"
        //          hello\"world    => "hello\\""world"
        //          hello\\"world   => "hello\\\\""world"
        //          hello world\    => "hello world\\"
        //
        //    technically this is not required for a cmd.exe command line, or the batch argument parser.
        //    the reasons for including this as a .cmd quoting rule are:
        //
        //    a) this is optimized for the scenario where the argument is passed from the .cmd file to an
        //       external program. many programs (e.g. .NET console apps) rely on the slash-doubling rule.
        //
        //    b) it's what we've been doing previously (by deferring to node default behavior) and we
        //       haven't heard any complaints about that aspect.
        //
        // note, a weakness of the quoting rules chosen here, is that % is not escaped. in fact, % cannot be
        // escaped when used on the command line directly - even though within a .cmd file % can be escaped
        // by using %%.
        //
        // the saving grace is, on the command line, %var% is left as-is if var is not defined. this contrasts
        // the line parsing rules within a .cmd file, where if var is not defined it is replaced with nothing.
        //
        // one option that was explored was replacing % with ^% - i.e. %var% => ^%var^%. this hack would
        // often work, since it is unlikely that var^ would exist, and the ^ character is removed when the
        // variable is used. the problem, however, is that ^ is not removed when %* is used to pass the args
        // to an external program.
        //
        // an unexplored potential solution for the % escaping problem, is to create a wrapper .cmd file.
        // % can be escaped within a .cmd file.
        let reverse = '"';
        let quoteHit = true;
        for (let i = arg.length; i > 0; i--) {
            // walk the string in reverse
            reverse += arg[i - 1];
            if (quoteHit && arg[i - 1] === '\\') {
                reverse += '\\'; // double the slash
            }
            else if (arg[i - 1] === '"') {
                quoteHit = true;
                reverse += '"'; // double the quote
            }
            else {
                quoteHit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    }
    _uvQuoteCmdArg(arg) {
        // Tool runner wraps child_process.spawn() and needs to apply the same quoting as
        // Node in certain cases where the undocumented spawn option windowsVerbatimArguments
        // is used.
        //
        // Since this function is a port of quote_cmd_arg from Node 4.x (technically, lib UV,
        // see https://github.com/nodejs/node/blob/v4.x/deps/uv/src/win/process.c for details),
        // pasting copyright notice from Node within this function:
        //
        //      Copyright Joyent, Inc. and other Node contributors. All rights reserved.
        //
        //      Permission is hereby granted, free of charge, to any person obtaining a copy
        //      of this software and associated documentation files (the "Software"), to
        //      deal in the Software without restriction, including without limitation the
        //      rights to use, copy, modify, merge, publish, distribute, sublicense, and/or
        //      sell copies of the Software, and to permit persons to whom the Software is
        //      furnished to do so, subject to the following conditions:
        //
        //      The above copyright notice and this permission notice shall be included in
        //      all copies or substantial portions of the Software.
        //
        //      THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
        //      IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
        //      FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
        //      AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
        //      LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING
        //      FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS
        //      IN THE SOFTWARE.
        if (!arg) {
            // Need double quotation for empty argument
            return '""';
        }
        if (!arg.includes(' ') && !arg.includes('\t') && !arg.includes('"')) {
            // No quotation needed
            return arg;
        }
        if (!arg.includes('"') && !arg.includes('\\')) {
            // No embedded double quotes or backslashes, so I can just wrap
            // quote marks around the whole thing.
            return `"${arg}"`;
        }
        // Expected input/output:
        //   input : hello"world
        //   output: "hello\"world"
        //   input : hello""world
        //   output: "hello\"\"world"
        //   input : hello\world
        //   output: hello\world
        //   input : hello\\world
        //   output: hello\\world
        //   input : hello\"world
        //   output: "hello\\\"world"
        //   input : hello\\"world
        //   output: "hello\\\\\"world"
        //   input : hello world\
        //   output: "hello world\\" - note the comment in libuv actually reads "hello world\"
        //                             but it appears the comment is wrong, it should be "hello world\\"
        let reverse = '"';
        let quoteHit = true;
        for (let i = arg.length; i > 0; i--) {
            // walk the string in reverse
            reverse += arg[i - 1];
            if (quoteHit && arg[i - 1] === '\\') {
                reverse += '\\';
            }
            else if (arg[i - 1] === '"') {
                quoteHit = true;
                reverse += '\\';
            }
            else {
                quoteHit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    }
    _cloneExecOptions(options) {
        options = options || {};
        const result = {
            cwd: options.cwd || process.cwd(),
            env: options.env || process.env,
            silent: options.silent || false,
            windowsVerbatimArguments: options.windowsVerbatimArguments || false,
            failOnStdErr: options.failOnStdErr || false,
            ignoreReturnCode: options.ignoreReturnCode || false,
            delay: options.delay || 10000
        };
        result.outStream = options.outStream || process.stdout;
        result.errStream = options.errStream || process.stderr;
        return result;
    }
    _getSpawnOptions(options, toolPath) {
        options = options || {};
        const result = {};
        result.cwd = options.cwd;
        result.env = options.env;
        result['windowsVerbatimArguments'] =
            options.windowsVerbatimArguments || this._isCmdFile();
        if (options.windowsVerbatimArguments) {
            result.argv0 = `"${toolPath}"`;
        }
        return result;
    }
    /**
     * Exec a tool.
     * Output will be streamed to the live console.
     * Returns promise with return code
     *
     * @param     tool     path to tool to exec
     * @param     options  optional exec options.  See ExecOptions
     * @returns   number
     */
    exec() {
        return __awaiter(this, void 0, void 0, function* () {
            // root the tool path if it is unrooted and contains relative pathing
            if (!io_util/* isRooted */.Qh(this.toolPath) &&
                (this.toolPath.includes('/') ||
                    (IS_WINDOWS && this.toolPath.includes('\\')))) {
                // prefer options.cwd if it is specified, however options.cwd may also need to be rooted
                this.toolPath = external_path_.resolve(process.cwd(), this.options.cwd || process.cwd(), this.toolPath);
            }
            // if the tool is only a file name, then resolve it from the PATH
            // otherwise verify it exists (add extension on Windows if necessary)
            this.toolPath = yield io/* which */.K7(this.toolPath, true);
            return new Promise((resolve, reject) => __awaiter(this, void 0, void 0, function* () {
                this._debug(`exec tool: ${this.toolPath}`);
                this._debug('arguments:');
                for (const arg of this.args) {
                    this._debug(`   ${arg}`);
                }
                const optionsNonNull = this._cloneExecOptions(this.options);
                if (!optionsNonNull.silent && optionsNonNull.outStream) {
                    optionsNonNull.outStream.write(this._getCommandString(optionsNonNull) + external_os_.EOL);
                }
                const state = new ExecState(optionsNonNull, this.toolPath);
                state.on('debug', (message) => {
                    this._debug(message);
                });
                if (this.options.cwd && !(yield io_util/* exists */.t2(this.options.cwd))) {
                    return reject(new Error(`The cwd: ${this.options.cwd} does not exist!`));
                }
                const fileName = this._getSpawnFileName();
                const cp = external_child_process_.spawn(fileName, this._getSpawnArgs(optionsNonNull), this._getSpawnOptions(this.options, fileName));
                let stdbuffer = '';
                if (cp.stdout) {
                    cp.stdout.on('data', (data) => {
                        if (this.options.listeners && this.options.listeners.stdout) {
                            this.options.listeners.stdout(data);
                        }
                        if (!optionsNonNull.silent && optionsNonNull.outStream) {
                            optionsNonNull.outStream.write(data);
                        }
                        stdbuffer = this._processLineBuffer(data, stdbuffer, (line) => {
                            if (this.options.listeners && this.options.listeners.stdline) {
                                this.options.listeners.stdline(line);
                            }
                        });
                    });
                }
                let errbuffer = '';
                if (cp.stderr) {
                    cp.stderr.on('data', (data) => {
                        state.processStderr = true;
                        if (this.options.listeners && this.options.listeners.stderr) {
                            this.options.listeners.stderr(data);
                        }
                        if (!optionsNonNull.silent &&
                            optionsNonNull.errStream &&
                            optionsNonNull.outStream) {
                            const s = optionsNonNull.failOnStdErr
                                ? optionsNonNull.errStream
                                : optionsNonNull.outStream;
                            s.write(data);
                        }
                        errbuffer = this._processLineBuffer(data, errbuffer, (line) => {
                            if (this.options.listeners && this.options.listeners.errline) {
                                this.options.listeners.errline(line);
                            }
                        });
                    });
                }
                cp.on('error', (err) => {
                    state.processError = err.message;
                    state.processExited = true;
                    state.processClosed = true;
                    state.CheckComplete();
                });
                cp.on('exit', (code) => {
                    state.processExitCode = code;
                    state.processExited = true;
                    this._debug(`Exit code ${code} received from tool '${this.toolPath}'`);
                    state.CheckComplete();
                });
                cp.on('close', (code) => {
                    state.processExitCode = code;
                    state.processExited = true;
                    state.processClosed = true;
                    this._debug(`STDIO streams have closed for tool '${this.toolPath}'`);
                    state.CheckComplete();
                });
                state.on('done', (error, exitCode) => {
                    if (stdbuffer.length > 0) {
                        this.emit('stdline', stdbuffer);
                    }
                    if (errbuffer.length > 0) {
                        this.emit('errline', errbuffer);
                    }
                    cp.removeAllListeners();
                    if (error) {
                        reject(error);
                    }
                    else {
                        resolve(exitCode);
                    }
                });
                if (this.options.input) {
                    if (!cp.stdin) {
                        throw new Error('child process missing stdin');
                    }
                    cp.stdin.end(this.options.input);
                }
            }));
        });
    }
}
/**
 * Convert an arg string to an array of args. Handles escaping
 *
 * @param    argString   string of arguments
 * @returns  string[]    array of arguments
 */
function argStringToArray(argString) {
    const args = [];
    let inQuotes = false;
    let escaped = false;
    let arg = '';
    function append(c) {
        // we only escape double quotes.
        if (escaped && c !== '"') {
            arg += '\\';
        }
        arg += c;
        escaped = false;
    }
    for (let i = 0; i < argString.length; i++) {
        const c = argString.charAt(i);
        if (c === '"') {
            if (!escaped) {
                inQuotes = !inQuotes;
            }
            else {
                append(c);
            }
            continue;
        }
        if (c === '\\' && escaped) {
            append(c);
            continue;
        }
        if (c === '\\' && inQuotes) {
            escaped = true;
            continue;
        }
        if (c === ' ' && !inQuotes) {
            if (arg.length > 0) {
                args.push(arg);
                arg = '';
            }
            continue;
        }
        append(c);
    }
    if (arg.length > 0) {
        args.push(arg.trim());
    }
    return args;
}
class ExecState extends external_events_.EventEmitter {
    constructor(options, toolPath) {
        super();
        this.processClosed = false; // tracks whether the process has exited and stdio is closed
        this.processError = '';
        this.processExitCode = 0;
        this.processExited = false; // tracks whether the process has exited
        this.processStderr = false; // tracks whether stderr was written to
        this.delay = 10000; // 10 seconds
        this.done = false;
        this.timeout = null;
        if (!toolPath) {
            throw new Error('toolPath must not be empty');
        }
        this.options = options;
        this.toolPath = toolPath;
        if (options.delay) {
            this.delay = options.delay;
        }
    }
    CheckComplete() {
        if (this.done) {
            return;
        }
        if (this.processClosed) {
            this._setResult();
        }
        else if (this.processExited) {
            this.timeout = (0,external_timers_namespaceObject.setTimeout)(ExecState.HandleTimeout, this.delay, this);
        }
    }
    _debug(message) {
        this.emit('debug', message);
    }
    _setResult() {
        // determine whether there is an error
        let error;
        if (this.processExited) {
            if (this.processError) {
                error = new Error(`There was an error when attempting to execute the process '${this.toolPath}'. This may indicate the process failed to start. Error: ${this.processError}`);
            }
            else if (this.processExitCode !== 0 && !this.options.ignoreReturnCode) {
                error = new Error(`The process '${this.toolPath}' failed with exit code ${this.processExitCode}`);
            }
            else if (this.processStderr && this.options.failOnStdErr) {
                error = new Error(`The process '${this.toolPath}' failed because one or more lines were written to the STDERR stream`);
            }
        }
        // clear the timeout
        if (this.timeout) {
            clearTimeout(this.timeout);
            this.timeout = null;
        }
        this.done = true;
        this.emit('done', error, this.processExitCode);
    }
    static HandleTimeout(state) {
        if (state.done) {
            return;
        }
        if (!state.processClosed && state.processExited) {
            const message = `The STDIO streams did not close within ${state.delay / 1000} seconds of the exit event from process '${state.toolPath}'. This may indicate a child process inherited the STDIO streams and has not yet exited.`;
            state._debug(message);
        }
        state._setResult();
    }
}
//# sourceMappingURL=toolrunner.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/exec/lib/exec.js
var exec_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


/**
 * Exec a command.
 * Output will be streamed to the live console.
 * Returns promise with return code
 *
 * @param     commandLine        command to execute (can include additional args). Must be correctly escaped.
 * @param     args               optional arguments for tool. Escaping is handled by the lib.
 * @param     options            optional exec options.  See ExecOptions
 * @returns   Promise<number>    exit code
 */
function exec(commandLine, args, options) {
    return exec_awaiter(this, void 0, void 0, function* () {
        const commandArgs = argStringToArray(commandLine);
        if (commandArgs.length === 0) {
            throw new Error(`Parameter 'commandLine' cannot be null or empty.`);
        }
        // Path to tool to execute should be first arg
        const toolPath = commandArgs[0];
        args = commandArgs.slice(1).concat(args || []);
        const runner = new ToolRunner(toolPath, args, options);
        return runner.exec();
    });
}
/**
 * Exec a command and get the output.
 * Output will be streamed to the live console.
 * Returns promise with the exit code and collected stdout and stderr
 *
 * @param     commandLine           command to execute (can include additional args). Must be correctly escaped.
 * @param     args                  optional arguments for tool. Escaping is handled by the lib.
 * @param     options               optional exec options.  See ExecOptions
 * @returns   Promise<ExecOutput>   exit code, stdout, and stderr
 */
function getExecOutput(commandLine, args, options) {
    return exec_awaiter(this, void 0, void 0, function* () {
        var _a, _b;
        let stdout = '';
        let stderr = '';
        //Using string decoder covers the case where a mult-byte character is split
        const stdoutDecoder = new StringDecoder('utf8');
        const stderrDecoder = new StringDecoder('utf8');
        const originalStdoutListener = (_a = options === null || options === void 0 ? void 0 : options.listeners) === null || _a === void 0 ? void 0 : _a.stdout;
        const originalStdErrListener = (_b = options === null || options === void 0 ? void 0 : options.listeners) === null || _b === void 0 ? void 0 : _b.stderr;
        const stdErrListener = (data) => {
            stderr += stderrDecoder.write(data);
            if (originalStdErrListener) {
                originalStdErrListener(data);
            }
        };
        const stdOutListener = (data) => {
            stdout += stdoutDecoder.write(data);
            if (originalStdoutListener) {
                originalStdoutListener(data);
            }
        };
        const listeners = Object.assign(Object.assign({}, options === null || options === void 0 ? void 0 : options.listeners), { stdout: stdOutListener, stderr: stdErrListener });
        const exitCode = yield exec(commandLine, args, Object.assign(Object.assign({}, options), { listeners }));
        //flush any remaining characters
        stdout += stdoutDecoder.end();
        stderr += stderrDecoder.end();
        return {
            exitCode,
            stdout,
            stderr
        };
    });
}
//# sourceMappingURL=exec.js.map

/***/ }),

/***/ 4942:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Qq: () => (/* binding */ HttpClient)
});

// UNUSED EXPORTS: Headers, HttpClientError, HttpClientResponse, HttpCodes, MediaTypes, getProxyUrl, isHttps

// EXTERNAL MODULE: external "http"
var external_http_ = __nccwpck_require__(8611);
var external_http_namespaceObject = /*#__PURE__*/__nccwpck_require__.t(external_http_, 2);
// EXTERNAL MODULE: external "https"
var external_https_ = __nccwpck_require__(5692);
var external_https_namespaceObject = /*#__PURE__*/__nccwpck_require__.t(external_https_, 2);
;// CONCATENATED MODULE: ./node_modules/@actions/http-client/lib/proxy.js
function getProxyUrl(reqUrl) {
    const usingSsl = reqUrl.protocol === 'https:';
    if (checkBypass(reqUrl)) {
        return undefined;
    }
    const proxyVar = (() => {
        if (usingSsl) {
            return process.env['https_proxy'] || process.env['HTTPS_PROXY'];
        }
        else {
            return process.env['http_proxy'] || process.env['HTTP_PROXY'];
        }
    })();
    if (proxyVar) {
        try {
            return new DecodedURL(proxyVar);
        }
        catch (_a) {
            if (!proxyVar.startsWith('http://') && !proxyVar.startsWith('https://'))
                return new DecodedURL(`http://${proxyVar}`);
        }
    }
    else {
        return undefined;
    }
}
function checkBypass(reqUrl) {
    if (!reqUrl.hostname) {
        return false;
    }
    const reqHost = reqUrl.hostname;
    if (isLoopbackAddress(reqHost)) {
        return true;
    }
    const noProxy = process.env['no_proxy'] || process.env['NO_PROXY'] || '';
    if (!noProxy) {
        return false;
    }
    // Determine the request port
    let reqPort;
    if (reqUrl.port) {
        reqPort = Number(reqUrl.port);
    }
    else if (reqUrl.protocol === 'http:') {
        reqPort = 80;
    }
    else if (reqUrl.protocol === 'https:') {
        reqPort = 443;
    }
    // Format the request hostname and hostname with port
    const upperReqHosts = [reqUrl.hostname.toUpperCase()];
    if (typeof reqPort === 'number') {
        upperReqHosts.push(`${upperReqHosts[0]}:${reqPort}`);
    }
    // Compare request host against noproxy
    for (const upperNoProxyItem of noProxy
        .split(',')
        .map(x => x.trim().toUpperCase())
        .filter(x => x)) {
        if (upperNoProxyItem === '*' ||
            upperReqHosts.some(x => x === upperNoProxyItem ||
                x.endsWith(`.${upperNoProxyItem}`) ||
                (upperNoProxyItem.startsWith('.') &&
                    x.endsWith(`${upperNoProxyItem}`)))) {
            return true;
        }
    }
    return false;
}
function isLoopbackAddress(host) {
    const hostLower = host.toLowerCase();
    return (hostLower === 'localhost' ||
        hostLower.startsWith('127.') ||
        hostLower.startsWith('[::1]') ||
        hostLower.startsWith('[0:0:0:0:0:0:0:1]'));
}
class DecodedURL extends URL {
    constructor(url, base) {
        super(url, base);
        this._decodedUsername = decodeURIComponent(super.username);
        this._decodedPassword = decodeURIComponent(super.password);
    }
    get username() {
        return this._decodedUsername;
    }
    get password() {
        return this._decodedPassword;
    }
}
//# sourceMappingURL=proxy.js.map
// EXTERNAL MODULE: ./node_modules/tunnel/index.js
var tunnel = __nccwpck_require__(770);
// EXTERNAL MODULE: ./src/undici-on-demand.ts
var undici_on_demand = __nccwpck_require__(3113);
;// CONCATENATED MODULE: ./node_modules/@actions/http-client/lib/index.js
/* eslint-disable @typescript-eslint/no-explicit-any */
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};





var HttpCodes;
(function (HttpCodes) {
    HttpCodes[HttpCodes["OK"] = 200] = "OK";
    HttpCodes[HttpCodes["MultipleChoices"] = 300] = "MultipleChoices";
    HttpCodes[HttpCodes["MovedPermanently"] = 301] = "MovedPermanently";
    HttpCodes[HttpCodes["ResourceMoved"] = 302] = "ResourceMoved";
    HttpCodes[HttpCodes["SeeOther"] = 303] = "SeeOther";
    HttpCodes[HttpCodes["NotModified"] = 304] = "NotModified";
    HttpCodes[HttpCodes["UseProxy"] = 305] = "UseProxy";
    HttpCodes[HttpCodes["SwitchProxy"] = 306] = "SwitchProxy";
    HttpCodes[HttpCodes["TemporaryRedirect"] = 307] = "TemporaryRedirect";
    HttpCodes[HttpCodes["PermanentRedirect"] = 308] = "PermanentRedirect";
    HttpCodes[HttpCodes["BadRequest"] = 400] = "BadRequest";
    HttpCodes[HttpCodes["Unauthorized"] = 401] = "Unauthorized";
    HttpCodes[HttpCodes["PaymentRequired"] = 402] = "PaymentRequired";
    HttpCodes[HttpCodes["Forbidden"] = 403] = "Forbidden";
    HttpCodes[HttpCodes["NotFound"] = 404] = "NotFound";
    HttpCodes[HttpCodes["MethodNotAllowed"] = 405] = "MethodNotAllowed";
    HttpCodes[HttpCodes["NotAcceptable"] = 406] = "NotAcceptable";
    HttpCodes[HttpCodes["ProxyAuthenticationRequired"] = 407] = "ProxyAuthenticationRequired";
    HttpCodes[HttpCodes["RequestTimeout"] = 408] = "RequestTimeout";
    HttpCodes[HttpCodes["Conflict"] = 409] = "Conflict";
    HttpCodes[HttpCodes["Gone"] = 410] = "Gone";
    HttpCodes[HttpCodes["TooManyRequests"] = 429] = "TooManyRequests";
    HttpCodes[HttpCodes["InternalServerError"] = 500] = "InternalServerError";
    HttpCodes[HttpCodes["NotImplemented"] = 501] = "NotImplemented";
    HttpCodes[HttpCodes["BadGateway"] = 502] = "BadGateway";
    HttpCodes[HttpCodes["ServiceUnavailable"] = 503] = "ServiceUnavailable";
    HttpCodes[HttpCodes["GatewayTimeout"] = 504] = "GatewayTimeout";
})(HttpCodes || (HttpCodes = {}));
var Headers;
(function (Headers) {
    Headers["Accept"] = "accept";
    Headers["ContentType"] = "content-type";
})(Headers || (Headers = {}));
var MediaTypes;
(function (MediaTypes) {
    MediaTypes["ApplicationJson"] = "application/json";
})(MediaTypes || (MediaTypes = {}));
/**
 * Returns the proxy URL, depending upon the supplied url and proxy environment variables.
 * @param serverUrl  The server URL where the request will be sent. For example, https://api.github.com
 */
function lib_getProxyUrl(serverUrl) {
    const proxyUrl = pm.getProxyUrl(new URL(serverUrl));
    return proxyUrl ? proxyUrl.href : '';
}
const HttpRedirectCodes = [
    HttpCodes.MovedPermanently,
    HttpCodes.ResourceMoved,
    HttpCodes.SeeOther,
    HttpCodes.TemporaryRedirect,
    HttpCodes.PermanentRedirect
];
const HttpResponseRetryCodes = [
    HttpCodes.BadGateway,
    HttpCodes.ServiceUnavailable,
    HttpCodes.GatewayTimeout
];
const RetryableHttpVerbs = ['OPTIONS', 'GET', 'DELETE', 'HEAD'];
const ExponentialBackoffCeiling = 10;
const ExponentialBackoffTimeSlice = 5;
class HttpClientError extends Error {
    constructor(message, statusCode) {
        super(message);
        this.name = 'HttpClientError';
        this.statusCode = statusCode;
        Object.setPrototypeOf(this, HttpClientError.prototype);
    }
}
class HttpClientResponse {
    constructor(message) {
        this.message = message;
    }
    readBody() {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve) => __awaiter(this, void 0, void 0, function* () {
                let output = Buffer.alloc(0);
                this.message.on('data', (chunk) => {
                    output = Buffer.concat([output, chunk]);
                });
                this.message.on('end', () => {
                    resolve(output.toString());
                });
            }));
        });
    }
    readBodyBuffer() {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve) => __awaiter(this, void 0, void 0, function* () {
                const chunks = [];
                this.message.on('data', (chunk) => {
                    chunks.push(chunk);
                });
                this.message.on('end', () => {
                    resolve(Buffer.concat(chunks));
                });
            }));
        });
    }
}
function isHttps(requestUrl) {
    const parsedUrl = new URL(requestUrl);
    return parsedUrl.protocol === 'https:';
}
class HttpClient {
    constructor(userAgent, handlers, requestOptions) {
        this._ignoreSslError = false;
        this._allowRedirects = true;
        this._allowRedirectDowngrade = false;
        this._maxRedirects = 50;
        this._allowRetries = false;
        this._maxRetries = 1;
        this._keepAlive = false;
        this._disposed = false;
        this.userAgent = this._getUserAgentWithOrchestrationId(userAgent);
        this.handlers = handlers || [];
        this.requestOptions = requestOptions;
        if (requestOptions) {
            if (requestOptions.ignoreSslError != null) {
                this._ignoreSslError = requestOptions.ignoreSslError;
            }
            this._socketTimeout = requestOptions.socketTimeout;
            if (requestOptions.allowRedirects != null) {
                this._allowRedirects = requestOptions.allowRedirects;
            }
            if (requestOptions.allowRedirectDowngrade != null) {
                this._allowRedirectDowngrade = requestOptions.allowRedirectDowngrade;
            }
            if (requestOptions.maxRedirects != null) {
                this._maxRedirects = Math.max(requestOptions.maxRedirects, 0);
            }
            if (requestOptions.keepAlive != null) {
                this._keepAlive = requestOptions.keepAlive;
            }
            if (requestOptions.allowRetries != null) {
                this._allowRetries = requestOptions.allowRetries;
            }
            if (requestOptions.maxRetries != null) {
                this._maxRetries = requestOptions.maxRetries;
            }
        }
    }
    options(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('OPTIONS', requestUrl, null, additionalHeaders || {});
        });
    }
    get(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('GET', requestUrl, null, additionalHeaders || {});
        });
    }
    del(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('DELETE', requestUrl, null, additionalHeaders || {});
        });
    }
    post(requestUrl, data, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('POST', requestUrl, data, additionalHeaders || {});
        });
    }
    patch(requestUrl, data, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('PATCH', requestUrl, data, additionalHeaders || {});
        });
    }
    put(requestUrl, data, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('PUT', requestUrl, data, additionalHeaders || {});
        });
    }
    head(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('HEAD', requestUrl, null, additionalHeaders || {});
        });
    }
    sendStream(verb, requestUrl, stream, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request(verb, requestUrl, stream, additionalHeaders);
        });
    }
    /**
     * Gets a typed object from an endpoint
     * Be aware that not found returns a null.  Other errors (4xx, 5xx) reject the promise
     */
    getJson(requestUrl_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, additionalHeaders = {}) {
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            const res = yield this.get(requestUrl, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    postJson(requestUrl_1, obj_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
            const data = JSON.stringify(obj, null, 2);
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            additionalHeaders[Headers.ContentType] =
                this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
            const res = yield this.post(requestUrl, data, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    putJson(requestUrl_1, obj_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
            const data = JSON.stringify(obj, null, 2);
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            additionalHeaders[Headers.ContentType] =
                this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
            const res = yield this.put(requestUrl, data, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    patchJson(requestUrl_1, obj_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
            const data = JSON.stringify(obj, null, 2);
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            additionalHeaders[Headers.ContentType] =
                this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
            const res = yield this.patch(requestUrl, data, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    /**
     * Makes a raw http request.
     * All other methods such as get, post, patch, and request ultimately call this.
     * Prefer get, del, post and patch
     */
    request(verb, requestUrl, data, headers) {
        return __awaiter(this, void 0, void 0, function* () {
            if (this._disposed) {
                throw new Error('Client has already been disposed.');
            }
            const parsedUrl = new URL(requestUrl);
            let info = this._prepareRequest(verb, parsedUrl, headers);
            // Only perform retries on reads since writes may not be idempotent.
            const maxTries = this._allowRetries && RetryableHttpVerbs.includes(verb)
                ? this._maxRetries + 1
                : 1;
            let numTries = 0;
            let response;
            do {
                response = yield this.requestRaw(info, data);
                // Check if it's an authentication challenge
                if (response &&
                    response.message &&
                    response.message.statusCode === HttpCodes.Unauthorized) {
                    let authenticationHandler;
                    for (const handler of this.handlers) {
                        if (handler.canHandleAuthentication(response)) {
                            authenticationHandler = handler;
                            break;
                        }
                    }
                    if (authenticationHandler) {
                        return authenticationHandler.handleAuthentication(this, info, data);
                    }
                    else {
                        // We have received an unauthorized response but have no handlers to handle it.
                        // Let the response return to the caller.
                        return response;
                    }
                }
                let redirectsRemaining = this._maxRedirects;
                while (response.message.statusCode &&
                    HttpRedirectCodes.includes(response.message.statusCode) &&
                    this._allowRedirects &&
                    redirectsRemaining > 0) {
                    const redirectUrl = response.message.headers['location'];
                    if (!redirectUrl) {
                        // if there's no location to redirect to, we won't
                        break;
                    }
                    const parsedRedirectUrl = new URL(redirectUrl);
                    if (parsedUrl.protocol === 'https:' &&
                        parsedUrl.protocol !== parsedRedirectUrl.protocol &&
                        !this._allowRedirectDowngrade) {
                        throw new Error('Redirect from HTTPS to HTTP protocol. This downgrade is not allowed for security reasons. If you want to allow this behavior, set the allowRedirectDowngrade option to true.');
                    }
                    // we need to finish reading the response before reassigning response
                    // which will leak the open socket.
                    yield response.readBody();
                    // strip authorization header if redirected to a different hostname
                    if (parsedRedirectUrl.hostname !== parsedUrl.hostname) {
                        for (const header in headers) {
                            // header names are case insensitive
                            if (header.toLowerCase() === 'authorization') {
                                delete headers[header];
                            }
                        }
                    }
                    // let's make the request with the new redirectUrl
                    info = this._prepareRequest(verb, parsedRedirectUrl, headers);
                    response = yield this.requestRaw(info, data);
                    redirectsRemaining--;
                }
                if (!response.message.statusCode ||
                    !HttpResponseRetryCodes.includes(response.message.statusCode)) {
                    // If not a retry code, return immediately instead of retrying
                    return response;
                }
                numTries += 1;
                if (numTries < maxTries) {
                    yield response.readBody();
                    yield this._performExponentialBackoff(numTries);
                }
            } while (numTries < maxTries);
            return response;
        });
    }
    /**
     * Needs to be called if keepAlive is set to true in request options.
     */
    dispose() {
        if (this._agent) {
            this._agent.destroy();
        }
        this._disposed = true;
    }
    /**
     * Raw request.
     * @param info
     * @param data
     */
    requestRaw(info, data) {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve, reject) => {
                function callbackForResult(err, res) {
                    if (err) {
                        reject(err);
                    }
                    else if (!res) {
                        // If `err` is not passed, then `res` must be passed.
                        reject(new Error('Unknown error'));
                    }
                    else {
                        resolve(res);
                    }
                }
                this.requestRawWithCallback(info, data, callbackForResult);
            });
        });
    }
    /**
     * Raw request with callback.
     * @param info
     * @param data
     * @param onResult
     */
    requestRawWithCallback(info, data, onResult) {
        if (typeof data === 'string') {
            if (!info.options.headers) {
                info.options.headers = {};
            }
            info.options.headers['Content-Length'] = Buffer.byteLength(data, 'utf8');
        }
        let callbackCalled = false;
        function handleResult(err, res) {
            if (!callbackCalled) {
                callbackCalled = true;
                onResult(err, res);
            }
        }
        const req = info.httpModule.request(info.options, (msg) => {
            const res = new HttpClientResponse(msg);
            handleResult(undefined, res);
        });
        let socket;
        req.on('socket', sock => {
            socket = sock;
        });
        // If we ever get disconnected, we want the socket to timeout eventually
        req.setTimeout(this._socketTimeout || 3 * 60000, () => {
            if (socket) {
                socket.end();
            }
            handleResult(new Error(`Request timeout: ${info.options.path}`));
        });
        req.on('error', function (err) {
            // err has statusCode property
            // res should have headers
            handleResult(err);
        });
        if (data && typeof data === 'string') {
            req.write(data, 'utf8');
        }
        if (data && typeof data !== 'string') {
            data.on('close', function () {
                req.end();
            });
            data.pipe(req);
        }
        else {
            req.end();
        }
    }
    /**
     * Gets an http agent. This function is useful when you need an http agent that handles
     * routing through a proxy server - depending upon the url and proxy environment variables.
     * @param serverUrl  The server URL where the request will be sent. For example, https://api.github.com
     */
    getAgent(serverUrl) {
        const parsedUrl = new URL(serverUrl);
        return this._getAgent(parsedUrl);
    }
    getAgentDispatcher(serverUrl) {
        const parsedUrl = new URL(serverUrl);
        const proxyUrl = getProxyUrl(parsedUrl);
        const useProxy = proxyUrl && proxyUrl.hostname;
        if (!useProxy) {
            return;
        }
        return this._getProxyAgentDispatcher(parsedUrl, proxyUrl);
    }
    _prepareRequest(method, requestUrl, headers) {
        const info = {};
        info.parsedUrl = requestUrl;
        const usingSsl = info.parsedUrl.protocol === 'https:';
        info.httpModule = usingSsl ? external_https_namespaceObject : external_http_namespaceObject;
        const defaultPort = usingSsl ? 443 : 80;
        info.options = {};
        info.options.host = info.parsedUrl.hostname;
        info.options.port = info.parsedUrl.port
            ? parseInt(info.parsedUrl.port)
            : defaultPort;
        info.options.path =
            (info.parsedUrl.pathname || '') + (info.parsedUrl.search || '');
        info.options.method = method;
        info.options.headers = this._mergeHeaders(headers);
        if (this.userAgent != null) {
            info.options.headers['user-agent'] = this.userAgent;
        }
        info.options.agent = this._getAgent(info.parsedUrl);
        // gives handlers an opportunity to participate
        if (this.handlers) {
            for (const handler of this.handlers) {
                handler.prepareRequest(info.options);
            }
        }
        return info;
    }
    _mergeHeaders(headers) {
        if (this.requestOptions && this.requestOptions.headers) {
            return Object.assign({}, lowercaseKeys(this.requestOptions.headers), lowercaseKeys(headers || {}));
        }
        return lowercaseKeys(headers || {});
    }
    /**
     * Gets an existing header value or returns a default.
     * Handles converting number header values to strings since HTTP headers must be strings.
     * Note: This returns string | string[] since some headers can have multiple values.
     * For headers that must always be a single string (like Content-Type), use the
     * specialized _getExistingOrDefaultContentTypeHeader method instead.
     */
    _getExistingOrDefaultHeader(additionalHeaders, header, _default) {
        let clientHeader;
        if (this.requestOptions && this.requestOptions.headers) {
            const headerValue = lowercaseKeys(this.requestOptions.headers)[header];
            if (headerValue) {
                clientHeader =
                    typeof headerValue === 'number' ? headerValue.toString() : headerValue;
            }
        }
        const additionalValue = additionalHeaders[header];
        if (additionalValue !== undefined) {
            return typeof additionalValue === 'number'
                ? additionalValue.toString()
                : additionalValue;
        }
        if (clientHeader !== undefined) {
            return clientHeader;
        }
        return _default;
    }
    /**
     * Specialized version of _getExistingOrDefaultHeader for Content-Type header.
     * Always returns a single string (not an array) since Content-Type should be a single value.
     * Converts arrays to comma-separated strings and numbers to strings to ensure type safety.
     * This was split from _getExistingOrDefaultHeader to provide stricter typing for callers
     * that assign the result to places expecting a string (e.g., additionalHeaders[Headers.ContentType]).
     */
    _getExistingOrDefaultContentTypeHeader(additionalHeaders, _default) {
        let clientHeader;
        if (this.requestOptions && this.requestOptions.headers) {
            const headerValue = lowercaseKeys(this.requestOptions.headers)[Headers.ContentType];
            if (headerValue) {
                if (typeof headerValue === 'number') {
                    clientHeader = String(headerValue);
                }
                else if (Array.isArray(headerValue)) {
                    clientHeader = headerValue.join(', ');
                }
                else {
                    clientHeader = headerValue;
                }
            }
        }
        const additionalValue = additionalHeaders[Headers.ContentType];
        // Return the first non-undefined value, converting numbers or arrays to strings if necessary
        if (additionalValue !== undefined) {
            if (typeof additionalValue === 'number') {
                return String(additionalValue);
            }
            else if (Array.isArray(additionalValue)) {
                return additionalValue.join(', ');
            }
            else {
                return additionalValue;
            }
        }
        if (clientHeader !== undefined) {
            return clientHeader;
        }
        return _default;
    }
    _getAgent(parsedUrl) {
        let agent;
        const proxyUrl = getProxyUrl(parsedUrl);
        const useProxy = proxyUrl && proxyUrl.hostname;
        if (this._keepAlive && useProxy) {
            agent = this._proxyAgent;
        }
        if (!useProxy) {
            agent = this._agent;
        }
        // if agent is already assigned use that agent.
        if (agent) {
            return agent;
        }
        const usingSsl = parsedUrl.protocol === 'https:';
        let maxSockets = 100;
        if (this.requestOptions) {
            maxSockets = this.requestOptions.maxSockets || external_http_.globalAgent.maxSockets;
        }
        // This is `useProxy` again, but we need to check `proxyURl` directly for TypeScripts's flow analysis.
        if (proxyUrl && proxyUrl.hostname) {
            const agentOptions = {
                maxSockets,
                keepAlive: this._keepAlive,
                proxy: Object.assign(Object.assign({}, ((proxyUrl.username || proxyUrl.password) && {
                    proxyAuth: `${proxyUrl.username}:${proxyUrl.password}`
                })), { host: proxyUrl.hostname, port: proxyUrl.port })
            };
            let tunnelAgent;
            const overHttps = proxyUrl.protocol === 'https:';
            if (usingSsl) {
                tunnelAgent = overHttps ? tunnel.httpsOverHttps : tunnel.httpsOverHttp;
            }
            else {
                tunnelAgent = overHttps ? tunnel.httpOverHttps : tunnel.httpOverHttp;
            }
            agent = tunnelAgent(agentOptions);
            this._proxyAgent = agent;
        }
        // if tunneling agent isn't assigned create a new agent
        if (!agent) {
            const options = { keepAlive: this._keepAlive, maxSockets };
            agent = usingSsl ? new external_https_.Agent(options) : new external_http_.Agent(options);
            this._agent = agent;
        }
        if (usingSsl && this._ignoreSslError) {
            // we don't want to set NODE_TLS_REJECT_UNAUTHORIZED=0 since that will affect request for entire process
            // http.RequestOptions doesn't expose a way to modify RequestOptions.agent.options
            // we have to cast it to any and change it directly
            agent.options = Object.assign(agent.options || {}, {
                rejectUnauthorized: false
            });
        }
        return agent;
    }
    _getProxyAgentDispatcher(parsedUrl, proxyUrl) {
        let proxyAgent;
        if (this._keepAlive) {
            proxyAgent = this._proxyAgentDispatcher;
        }
        // if agent is already assigned use that agent.
        if (proxyAgent) {
            return proxyAgent;
        }
        const usingSsl = parsedUrl.protocol === 'https:';
        proxyAgent = new undici_on_demand.ProxyAgent(Object.assign({ uri: proxyUrl.href, pipelining: !this._keepAlive ? 0 : 1 }, ((proxyUrl.username || proxyUrl.password) && {
            token: `Basic ${Buffer.from(`${proxyUrl.username}:${proxyUrl.password}`).toString('base64')}`
        })));
        this._proxyAgentDispatcher = proxyAgent;
        if (usingSsl && this._ignoreSslError) {
            // we don't want to set NODE_TLS_REJECT_UNAUTHORIZED=0 since that will affect request for entire process
            // http.RequestOptions doesn't expose a way to modify RequestOptions.agent.options
            // we have to cast it to any and change it directly
            proxyAgent.options = Object.assign(proxyAgent.options.requestTls || {}, {
                rejectUnauthorized: false
            });
        }
        return proxyAgent;
    }
    _getUserAgentWithOrchestrationId(userAgent) {
        const baseUserAgent = userAgent || 'actions/http-client';
        const orchId = process.env['ACTIONS_ORCHESTRATION_ID'];
        if (orchId) {
            // Sanitize the orchestration ID to ensure it contains only valid characters
            // Valid characters: 0-9, a-z, _, -, .
            const sanitizedId = orchId.replace(/[^a-z0-9_.-]/gi, '_');
            return `${baseUserAgent} actions_orchestration_id/${sanitizedId}`;
        }
        return baseUserAgent;
    }
    _performExponentialBackoff(retryNumber) {
        return __awaiter(this, void 0, void 0, function* () {
            retryNumber = Math.min(ExponentialBackoffCeiling, retryNumber);
            const ms = ExponentialBackoffTimeSlice * Math.pow(2, retryNumber);
            return new Promise(resolve => setTimeout(() => resolve(), ms));
        });
    }
    _processResponse(res, options) {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve, reject) => __awaiter(this, void 0, void 0, function* () {
                const statusCode = res.message.statusCode || 0;
                const response = {
                    statusCode,
                    result: null,
                    headers: {}
                };
                // not found leads to null obj returned
                if (statusCode === HttpCodes.NotFound) {
                    resolve(response);
                }
                // get the result from the body
                function dateTimeDeserializer(key, value) {
                    if (typeof value === 'string') {
                        const a = new Date(value);
                        if (!isNaN(a.valueOf())) {
                            return a;
                        }
                    }
                    return value;
                }
                let obj;
                let contents;
                try {
                    contents = yield res.readBody();
                    if (contents && contents.length > 0) {
                        if (options && options.deserializeDates) {
                            obj = JSON.parse(contents, dateTimeDeserializer);
                        }
                        else {
                            obj = JSON.parse(contents);
                        }
                        response.result = obj;
                    }
                    response.headers = res.message.headers;
                }
                catch (err) {
                    // Invalid resource (contents not json);  leaving result obj null
                }
                // note that 3xx redirects are handled by the http layer.
                if (statusCode > 299) {
                    let msg;
                    // if exception/error in body, attempt to get better error
                    if (obj && obj.message) {
                        msg = obj.message;
                    }
                    else if (contents && contents.length > 0) {
                        // it may be the case that the exception is in the body message as string
                        msg = contents;
                    }
                    else {
                        msg = `Failed request: (${statusCode})`;
                    }
                    const err = new HttpClientError(msg, statusCode);
                    err.result = response.result;
                    reject(err);
                }
                else {
                    resolve(response);
                }
            }));
        });
    }
}
const lowercaseKeys = (obj) => Object.keys(obj).reduce((c, k) => ((c[k.toLowerCase()] = obj[k]), c), {});
//# sourceMappingURL=index.js.map

/***/ }),

/***/ 90:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $1: () => (/* binding */ lstat),
/* harmony export */   Ck: () => (/* binding */ mkdir),
/* harmony export */   Cy: () => (/* binding */ readdir),
/* harmony export */   H8: () => (/* binding */ IS_WINDOWS),
/* harmony export */   Qh: () => (/* binding */ isRooted),
/* harmony export */   YN: () => (/* binding */ symlink),
/* harmony export */   dJ: () => (/* binding */ stat),
/* harmony export */   h_: () => (/* binding */ readlink),
/* harmony export */   k6: () => (/* binding */ chmod),
/* harmony export */   m3: () => (/* binding */ copyFile),
/* harmony export */   rm: () => (/* binding */ rm),
/* harmony export */   t2: () => (/* binding */ exists),
/* harmony export */   vr: () => (/* binding */ tryGetExecutablePath),
/* harmony export */   y1: () => (/* binding */ unlink)
/* harmony export */ });
/* unused harmony exports open, rename, rmdir, UV_FS_O_EXLOCK, READONLY, isDirectory, getCmdPath */
/* harmony import */ var fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(9896);
/* harmony import */ var path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6928);
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { chmod, copyFile, lstat, mkdir, open, readdir, rename, rm, rmdir, stat, symlink, unlink } = fs__WEBPACK_IMPORTED_MODULE_0__.promises;
// export const {open} = 'fs'
const IS_WINDOWS = process.platform === 'win32';
/**
 * Custom implementation of readlink to ensure Windows junctions
 * maintain trailing backslash for backward compatibility with Node.js < 24
 *
 * In Node.js 20, Windows junctions (directory symlinks) always returned paths
 * with trailing backslashes. Node.js 24 removed this behavior, which breaks
 * code that relied on this format for path operations.
 *
 * This implementation restores the Node 20 behavior by adding a trailing
 * backslash to all junction results on Windows.
 */
function readlink(fsPath) {
    return __awaiter(this, void 0, void 0, function* () {
        const result = yield fs__WEBPACK_IMPORTED_MODULE_0__.promises.readlink(fsPath);
        // On Windows, restore Node 20 behavior: add trailing backslash to all results
        // since junctions on Windows are always directory links
        if (IS_WINDOWS && !result.endsWith('\\')) {
            return `${result}\\`;
        }
        return result;
    });
}
// See https://github.com/nodejs/node/blob/d0153aee367422d0858105abec186da4dff0a0c5/deps/uv/include/uv/win.h#L691
const UV_FS_O_EXLOCK = 0x10000000;
const READONLY = fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY;
function exists(fsPath) {
    return __awaiter(this, void 0, void 0, function* () {
        try {
            yield stat(fsPath);
        }
        catch (err) {
            if (err.code === 'ENOENT') {
                return false;
            }
            throw err;
        }
        return true;
    });
}
function isDirectory(fsPath_1) {
    return __awaiter(this, arguments, void 0, function* (fsPath, useStat = false) {
        const stats = useStat ? yield stat(fsPath) : yield lstat(fsPath);
        return stats.isDirectory();
    });
}
/**
 * On OSX/Linux, true if path starts with '/'. On Windows, true for paths like:
 * \, \hello, \\hello\share, C:, and C:\hello (and corresponding alternate separator cases).
 */
function isRooted(p) {
    p = normalizeSeparators(p);
    if (!p) {
        throw new Error('isRooted() parameter "p" cannot be empty');
    }
    if (IS_WINDOWS) {
        return (p.startsWith('\\') || /^[A-Z]:/i.test(p) // e.g. \ or \hello or \\hello
        ); // e.g. C: or C:\hello
    }
    return p.startsWith('/');
}
/**
 * Best effort attempt to determine whether a file exists and is executable.
 * @param filePath    file path to check
 * @param extensions  additional file extensions to try
 * @return if file exists and is executable, returns the file path. otherwise empty string.
 */
function tryGetExecutablePath(filePath, extensions) {
    return __awaiter(this, void 0, void 0, function* () {
        let stats = undefined;
        try {
            // test file exists
            stats = yield stat(filePath);
        }
        catch (err) {
            if (err.code !== 'ENOENT') {
                // eslint-disable-next-line no-console
                console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
            }
        }
        if (stats && stats.isFile()) {
            if (IS_WINDOWS) {
                // on Windows, test for valid extension
                const upperExt = path__WEBPACK_IMPORTED_MODULE_1__.extname(filePath).toUpperCase();
                if (extensions.some(validExt => validExt.toUpperCase() === upperExt)) {
                    return filePath;
                }
            }
            else {
                if (isUnixExecutable(stats)) {
                    return filePath;
                }
            }
        }
        // try each extension
        const originalFilePath = filePath;
        for (const extension of extensions) {
            filePath = originalFilePath + extension;
            stats = undefined;
            try {
                stats = yield stat(filePath);
            }
            catch (err) {
                if (err.code !== 'ENOENT') {
                    // eslint-disable-next-line no-console
                    console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
                }
            }
            if (stats && stats.isFile()) {
                if (IS_WINDOWS) {
                    // preserve the case of the actual file (since an extension was appended)
                    try {
                        const directory = path__WEBPACK_IMPORTED_MODULE_1__.dirname(filePath);
                        const upperName = path__WEBPACK_IMPORTED_MODULE_1__.basename(filePath).toUpperCase();
                        for (const actualName of yield readdir(directory)) {
                            if (upperName === actualName.toUpperCase()) {
                                filePath = path__WEBPACK_IMPORTED_MODULE_1__.join(directory, actualName);
                                break;
                            }
                        }
                    }
                    catch (err) {
                        // eslint-disable-next-line no-console
                        console.log(`Unexpected error attempting to determine the actual case of the file '${filePath}': ${err}`);
                    }
                    return filePath;
                }
                else {
                    if (isUnixExecutable(stats)) {
                        return filePath;
                    }
                }
            }
        }
        return '';
    });
}
function normalizeSeparators(p) {
    p = p || '';
    if (IS_WINDOWS) {
        // convert slashes on Windows
        p = p.replace(/\//g, '\\');
        // remove redundant slashes
        return p.replace(/\\\\+/g, '\\');
    }
    // remove redundant slashes
    return p.replace(/\/\/+/g, '/');
}
// on Mac/Linux, test the execute bit
//     R   W  X  R  W X R W X
//   256 128 64 32 16 8 4 2 1
function isUnixExecutable(stats) {
    return ((stats.mode & 1) > 0 ||
        ((stats.mode & 8) > 0 &&
            process.getgid !== undefined &&
            stats.gid === process.getgid()) ||
        ((stats.mode & 64) > 0 &&
            process.getuid !== undefined &&
            stats.uid === process.getuid()));
}
// Get the path of cmd.exe in windows
function getCmdPath() {
    var _a;
    return (_a = process.env['COMSPEC']) !== null && _a !== void 0 ? _a : `cmd.exe`;
}
//# sourceMappingURL=io-util.js.map

/***/ }),

/***/ 8701:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   K7: () => (/* binding */ which),
/* harmony export */   U$: () => (/* binding */ mkdirP),
/* harmony export */   Yz: () => (/* binding */ rmRF),
/* harmony export */   cp: () => (/* binding */ cp)
/* harmony export */ });
/* unused harmony exports mv, findInPath */
/* harmony import */ var assert__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(2613);
/* harmony import */ var path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6928);
/* harmony import */ var _io_util_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(90);
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};



/**
 * Copies a file or folder.
 * Based off of shelljs - https://github.com/shelljs/shelljs/blob/9237f66c52e5daa40458f94f9565e18e8132f5a6/src/cp.js
 *
 * @param     source    source path
 * @param     dest      destination path
 * @param     options   optional. See CopyOptions.
 */
function cp(source_1, dest_1) {
    return __awaiter(this, arguments, void 0, function* (source, dest, options = {}) {
        const { force, recursive, copySourceDirectory } = readCopyOptions(options);
        const destStat = (yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .exists */ .t2(dest)) ? yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .stat */ .dJ(dest) : null;
        // Dest is an existing file, but not forcing
        if (destStat && destStat.isFile() && !force) {
            return;
        }
        // If dest is an existing directory, should copy inside.
        const newDest = destStat && destStat.isDirectory() && copySourceDirectory
            ? path__WEBPACK_IMPORTED_MODULE_1__.join(dest, path__WEBPACK_IMPORTED_MODULE_1__.basename(source))
            : dest;
        if (!(yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .exists */ .t2(source))) {
            throw new Error(`no such file or directory: ${source}`);
        }
        const sourceStat = yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .stat */ .dJ(source);
        if (sourceStat.isDirectory()) {
            if (!recursive) {
                throw new Error(`Failed to copy. ${source} is a directory, but tried to copy without recursive flag.`);
            }
            else {
                yield cpDirRecursive(source, newDest, 0, force);
            }
        }
        else {
            if (path__WEBPACK_IMPORTED_MODULE_1__.relative(source, newDest) === '') {
                // a file cannot be copied to itself
                throw new Error(`'${newDest}' and '${source}' are the same file`);
            }
            yield copyFile(source, newDest, force);
        }
    });
}
/**
 * Moves a path.
 *
 * @param     source    source path
 * @param     dest      destination path
 * @param     options   optional. See MoveOptions.
 */
function mv(source_1, dest_1) {
    return __awaiter(this, arguments, void 0, function* (source, dest, options = {}) {
        if (yield ioUtil.exists(dest)) {
            let destExists = true;
            if (yield ioUtil.isDirectory(dest)) {
                // If dest is directory copy src into dest
                dest = path.join(dest, path.basename(source));
                destExists = yield ioUtil.exists(dest);
            }
            if (destExists) {
                if (options.force == null || options.force) {
                    yield rmRF(dest);
                }
                else {
                    throw new Error('Destination already exists');
                }
            }
        }
        yield mkdirP(path.dirname(dest));
        yield ioUtil.rename(source, dest);
    });
}
/**
 * Remove a path recursively with force
 *
 * @param inputPath path to remove
 */
function rmRF(inputPath) {
    return __awaiter(this, void 0, void 0, function* () {
        if (_io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .IS_WINDOWS */ .H8) {
            // Check for invalid characters
            // https://docs.microsoft.com/en-us/windows/win32/fileio/naming-a-file
            if (/[*"<>|]/.test(inputPath)) {
                throw new Error('File path must not contain `*`, `"`, `<`, `>` or `|` on Windows');
            }
        }
        try {
            // note if path does not exist, error is silent
            yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__.rm(inputPath, {
                force: true,
                maxRetries: 3,
                recursive: true,
                retryDelay: 300
            });
        }
        catch (err) {
            throw new Error(`File was unable to be removed ${err}`);
        }
    });
}
/**
 * Make a directory.  Creates the full path with folders in between
 * Will throw if it fails
 *
 * @param   fsPath        path to create
 * @returns Promise<void>
 */
function mkdirP(fsPath) {
    return __awaiter(this, void 0, void 0, function* () {
        (0,assert__WEBPACK_IMPORTED_MODULE_0__.ok)(fsPath, 'a path argument must be provided');
        yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .mkdir */ .Ck(fsPath, { recursive: true });
    });
}
/**
 * Returns path of a tool had the tool actually been invoked.  Resolves via paths.
 * If you check and the tool does not exist, it will throw.
 *
 * @param     tool              name of the tool
 * @param     check             whether to check if tool exists
 * @returns   Promise<string>   path to tool
 */
function which(tool, check) {
    return __awaiter(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // recursive when check=true
        if (check) {
            const result = yield which(tool, false);
            if (!result) {
                if (_io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .IS_WINDOWS */ .H8) {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also verify the file has a valid extension for an executable file.`);
                }
                else {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also check the file mode to verify the file is executable.`);
                }
            }
            return result;
        }
        const matches = yield findInPath(tool);
        if (matches && matches.length > 0) {
            return matches[0];
        }
        return '';
    });
}
/**
 * Returns a list of all occurrences of the given tool on the system path.
 *
 * @returns   Promise<string[]>  the paths of the tool
 */
function findInPath(tool) {
    return __awaiter(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // build the list of extensions to try
        const extensions = [];
        if (_io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .IS_WINDOWS */ .H8 && process.env['PATHEXT']) {
            for (const extension of process.env['PATHEXT'].split(path__WEBPACK_IMPORTED_MODULE_1__.delimiter)) {
                if (extension) {
                    extensions.push(extension);
                }
            }
        }
        // if it's rooted, return it if exists. otherwise return empty.
        if (_io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .isRooted */ .Qh(tool)) {
            const filePath = yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .tryGetExecutablePath */ .vr(tool, extensions);
            if (filePath) {
                return [filePath];
            }
            return [];
        }
        // if any path separators, return empty
        if (tool.includes(path__WEBPACK_IMPORTED_MODULE_1__.sep)) {
            return [];
        }
        // build the list of directories
        //
        // Note, technically "where" checks the current directory on Windows. From a toolkit perspective,
        // it feels like we should not do this. Checking the current directory seems like more of a use
        // case of a shell, and the which() function exposed by the toolkit should strive for consistency
        // across platforms.
        const directories = [];
        if (process.env.PATH) {
            for (const p of process.env.PATH.split(path__WEBPACK_IMPORTED_MODULE_1__.delimiter)) {
                if (p) {
                    directories.push(p);
                }
            }
        }
        // find all matches
        const matches = [];
        for (const directory of directories) {
            const filePath = yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .tryGetExecutablePath */ .vr(path__WEBPACK_IMPORTED_MODULE_1__.join(directory, tool), extensions);
            if (filePath) {
                matches.push(filePath);
            }
        }
        return matches;
    });
}
function readCopyOptions(options) {
    const force = options.force == null ? true : options.force;
    const recursive = Boolean(options.recursive);
    const copySourceDirectory = options.copySourceDirectory == null
        ? true
        : Boolean(options.copySourceDirectory);
    return { force, recursive, copySourceDirectory };
}
function cpDirRecursive(sourceDir, destDir, currentDepth, force) {
    return __awaiter(this, void 0, void 0, function* () {
        // Ensure there is not a run away recursive copy
        if (currentDepth >= 255)
            return;
        currentDepth++;
        yield mkdirP(destDir);
        const files = yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .readdir */ .Cy(sourceDir);
        for (const fileName of files) {
            const srcFile = `${sourceDir}/${fileName}`;
            const destFile = `${destDir}/${fileName}`;
            const srcFileStat = yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .lstat */ .$1(srcFile);
            if (srcFileStat.isDirectory()) {
                // Recurse
                yield cpDirRecursive(srcFile, destFile, currentDepth, force);
            }
            else {
                yield copyFile(srcFile, destFile, force);
            }
        }
        // Change the mode for the newly created directory
        yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .chmod */ .k6(destDir, (yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .stat */ .dJ(sourceDir)).mode);
    });
}
// Buffered file copy
function copyFile(srcFile, destFile, force) {
    return __awaiter(this, void 0, void 0, function* () {
        if ((yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .lstat */ .$1(srcFile)).isSymbolicLink()) {
            // unlink/re-link it
            try {
                yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .lstat */ .$1(destFile);
                yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .unlink */ .y1(destFile);
            }
            catch (e) {
                // Try to override file permission
                if (e.code === 'EPERM') {
                    yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .chmod */ .k6(destFile, '0666');
                    yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .unlink */ .y1(destFile);
                }
                // other errors = it doesn't exist, no work to do
            }
            // Copy over symlink
            const symlinkFull = yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .readlink */ .h_(srcFile);
            yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .symlink */ .YN(symlinkFull, destFile, _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .IS_WINDOWS */ .H8 ? 'junction' : null);
        }
        else if (!(yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .exists */ .t2(destFile)) || force) {
            yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .copyFile */ .m3(srcFile, destFile);
        }
    });
}
//# sourceMappingURL=io.js.map

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
var __webpack_exports__ = {};

// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(3916);
;// CONCATENATED MODULE: ./src/advice.ts
function adviseOn(settings, run) {
    const advice = [];
    if (/^main ?line$/i.test(settings.branch)) {
        advice.push({
            level: 'warning',
            title: 'Branch name',
            message: `branch '${settings.branch}' is what Studio Pro shows; the Build API calls the main line 'main' (Git) or 'trunk' (SVN).`
        });
    }
    if (run.sha && settings.revision === run.sha) {
        advice.push({
            level: 'notice',
            title: 'Revision',
            message: "revision is this workflow's own commit (github.sha). That is right only when the app's Team Server history is this repository's; otherwise give the Team Server revision."
        });
    }
    if (/\/api\/v[0-3]$/.test(settings.apiUrl) && settings.target === 'private-cloud') {
        advice.push({
            level: 'warning',
            title: 'Deprecated API version',
            message: `apiUrl ${settings.apiUrl} points at an older API version; the Private Cloud APIs this action speaks are /api/v4.`
        });
    }
    return advice;
}

// EXTERNAL MODULE: ./src/clock.ts
var src_clock = __nccwpck_require__(9373);
// EXTERNAL MODULE: ./src/deadline.ts
var deadline = __nccwpck_require__(6683);
// EXTERNAL MODULE: ./src/http.ts
var src_http = __nccwpck_require__(6803);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
// EXTERNAL MODULE: ./src/logger.ts
var logger = __nccwpck_require__(6999);
// EXTERNAL MODULE: ./src/untrusted.ts
var untrusted = __nccwpck_require__(873);
;// CONCATENATED MODULE: ./src/job-history.ts
/**
 * How long earlier jobs took, to predict when the next one ends (see wait.ts: sparse polls until shortly
 * before the predicted end, dense ones near it). Two sources, both best effort: a failure only means no
 * prediction, and the wait polls on its plain schedule.
 *
 * - A file the action keeps, `$RUNNER_TEMP/mendix-deploy-action/job-history.json`: when each of the last builds
 *   of the app and deploys (Mendix Cloud: starts) of the environment ended, as this action's polls saw it. It
 *   costs no request.
 *   GitHub empties RUNNER_TEMP between jobs, so the file lasts across runs only when the workflow caches that
 *   folder (actions/cache); without that it serves the deploys that follow one another in a job.
 * - The Build API, for Private Cloud builds, when the file knows no build of the app: the newest package's
 *   `createdOn` against the `Pipeline created` timestamp at the head of its build log. It costs one request
 *   (GET the package with `log=true`) when the reuse check has listed the packages already, two otherwise
 *   (list one package first), made while the new build runs.
 *
 * Only the first job of each kind in a run is predicted and recorded: later deploys of a run (a rollback, the
 * two halves of a restart) are different work.
 */






/** Jobs shorter than this are not worth predicting (and a zero-length one is a placeholder, not a build). */
const MIN_PREDICTED_MS = 2000;
const MAX_SAMPLE_MS = 48 * 3_600_000;
/** How many of the newest samples a prediction uses, and how many a key keeps. */
const USED_SAMPLES = 10;
const KEPT_SAMPLES = 10;
const KEPT_KEYS = 50;
/** The spread assumed from fewer than three samples, as a share of the expected duration. */
const PRIOR_SPREAD = 0.05;
/** The least spread, as a share of the expected duration, however alike the samples. */
const MIN_SPREAD = 0.02;
const MIN_SPREAD_MS = 100;
/** A history file larger than this is not ours: it is ignored. */
const MAX_FILE_BYTES = 256 * 1024;
function isSample(value) {
    const s = value;
    return (!!s &&
        typeof s === 'object' &&
        [s.at, s.afterMs, s.byMs].every(n => typeof n === 'number' && Number.isFinite(n)) &&
        s.afterMs >= 0 &&
        s.afterMs <= s.byMs &&
        s.byMs <= MAX_SAMPLE_MS);
}
function median(values) {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
/**
 * The expected duration and spread from earlier jobs: the median of the newest ten, each taken at the middle
 * of its bracket; the spread from their median absolute deviation (scaled to a standard deviation) once there
 * are three, an assumed 5% before that, never under 2%, widened by how coarse the brackets were and by how far
 * the median of a few samples may itself be off (its variance is π/2 × σ²/n): the spread of the next job's
 * duration around the prediction, not of the samples around their median.
 */
function estimateDuration(samples) {
    const used = samples
        .filter(s => isSample(s) && s.byMs >= MIN_PREDICTED_MS)
        .sort((a, b) => b.at - a.at)
        .slice(0, USED_SAMPLES);
    if (used.length === 0)
        return undefined;
    const middles = used.map(s => (s.afterMs + s.byMs) / 2);
    const expectedMs = median(middles);
    const deviation = used.length >= 3
        ? 1.4826 * median(middles.map(m => Math.abs(m - expectedMs)))
        : Math.max(PRIOR_SPREAD * expectedMs, Math.max(...middles) - Math.min(...middles));
    // Where in its bracket an end fell is unknown: uniform over the bracket, a standard deviation of width/√12.
    const width = median(used.map(s => s.byMs - s.afterMs));
    const spreadMs = Math.max(MIN_SPREAD_MS, MIN_SPREAD * expectedMs, Math.sqrt(deviation ** 2 * (1 + Math.PI / 2 / used.length) + width ** 2 / 12));
    return { expectedMs, spreadMs: Math.round(spreadMs), samples: used.length };
}
/**
 * The pipeline's start from a Private Cloud build log: the timestamp on its `Pipeline created` line, before
 * or after the words (the spec's example has "Pipeline created at 2023-02-17T15:01:19Z").
 */
function pipelineStart(log) {
    const line = log.split('\n', 20).find(l => l.includes('Pipeline created'));
    const stamp = line?.match(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)/)?.[0];
    const ms = stamp ? Date.parse(stamp) : NaN;
    return Number.isNaN(ms) ? undefined : ms;
}
/** How long a look-up for a prediction may take: it runs before the job's first poll. */
const LOOKUP_MS = 10_000;
/**
 * How long the newest package of a Private Cloud app took to build: its `createdOn` minus the pipeline start in
 * its build log. One or two requests (see the top of this file); undefined when there is no package, no log or
 * no plausible duration.
 */
async function newestBuildMs(build, deadline) {
    const newest = await build.newestPackage(deadline);
    if (!newest)
        return undefined;
    const id = (0,untrusted/* checkServerId */.Zq)('package id', newest.id);
    const pkg = await build.getPackage(id, { log: true }, deadline);
    if (typeof pkg.createdOn !== 'string' || typeof pkg.buildLog !== 'string')
        return undefined;
    const start = pipelineStart(pkg.buildLog);
    const ms = Date.parse(pkg.createdOn) - (start ?? NaN);
    return Number.isFinite(ms) && ms >= MIN_PREDICTED_MS && ms <= MAX_SAMPLE_MS ? ms : undefined;
}
function emptyHistory() {
    return { version: 1, jobs: {} };
}
/** Reads what a history file holds, keeping only well-formed samples; anything else reads as empty. */
function parseHistory(text) {
    const data = emptyHistory();
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        return data;
    }
    const jobs = parsed?.jobs;
    if (!jobs || typeof jobs !== 'object' || Array.isArray(jobs))
        return data;
    for (const [key, samples] of Object.entries(jobs)) {
        if (Array.isArray(samples))
            data.jobs[key] = samples.filter(isSample);
    }
    return data;
}
/** The history in a JSON file, written whole to a temporary name and renamed, so a reader never sees half. */
function fileStore(path) {
    return {
        load: () => {
            let text;
            try {
                text = (0,external_node_fs_.readFileSync)(path, 'utf8');
            }
            catch {
                return emptyHistory();
            }
            return text.length > MAX_FILE_BYTES ? emptyHistory() : parseHistory(text);
        },
        save: data => {
            (0,external_node_fs_.mkdirSync)((0,external_node_path_.dirname)(path), { recursive: true });
            const temporary = `${path}.${process.pid}.tmp`;
            (0,external_node_fs_.writeFileSync)(temporary, `${JSON.stringify(data)}\n`);
            (0,external_node_fs_.renameSync)(temporary, path);
        }
    };
}
/** The history in memory, for tests and the simulated benchmark. */
function memoryStore(data = emptyHistory()) {
    let kept = structuredClone(data);
    return { load: () => structuredClone(kept), save: next => (kept = structuredClone(next)) };
}
/** Adds a sample under a key, keeping the newest samples per key and the most recently used keys. */
function withSample(data, key, sample) {
    const jobs = { ...data.jobs, [key]: [...(data.jobs[key] ?? []), sample].slice(-KEPT_SAMPLES) };
    const newest = (k) => Math.max(...jobs[k].map(s => s.at));
    const keys = Object.keys(jobs)
        .sort((a, b) => newest(b) - newest(a))
        .slice(0, KEPT_KEYS);
    return { version: 1, jobs: Object.fromEntries(keys.map(k => [k, jobs[k]])) };
}
/** The history of one run: predicts and records the first job of each kind. */
class JobHistory {
    deps;
    keys;
    seen = new Set();
    constructor(deps, 
    /** The key of each kind of job that has a history; other kinds are neither predicted nor recorded. */
    keys) {
        this.deps = deps;
        this.keys = keys;
    }
    /**
     * The plan for a job that starts now: a prediction when there is one, and the recording of its end.
     * `lookup` tells how long the last such job took when the file does not know (the Build API, for builds).
     */
    async plan(kind, succeeded, lookup) {
        const startedAt = this.deps.clock.now();
        const key = this.keys[kind];
        if (!key || this.seen.has(kind))
            return { startedAt, onDone: () => { } };
        this.seen.add(kind);
        const estimate = await this.estimate(kind, key, lookup);
        if (estimate) {
            const from = estimate.source === 'the Build API' ? 'the newest package' : `${estimate.samples} earlier run(s)`;
            this.deps.log.info(`The ${kind} should take about ${(0,logger/* seconds */.Y)(estimate.expectedMs)} (± ${(0,logger/* seconds */.Y)(estimate.spreadMs)}, from ${from}); polling sparsely until shortly before.`);
        }
        return {
            startedAt,
            estimate,
            onDone: (value, end) => {
                if (succeeded(value))
                    this.record(key, { at: this.deps.clock.now(), afterMs: end.afterMs, byMs: end.byMs });
            }
        };
    }
    async estimate(kind, key, lookup) {
        const { store, log } = this.deps;
        try {
            const fromRuns = store ? estimateDuration(store.load().jobs[key] ?? []) : undefined;
            if (fromRuns)
                return { ...fromRuns, source: 'earlier runs' };
            if (!lookup)
                return undefined;
            const ms = await lookup();
            const fromApi = ms === undefined ? undefined : estimateDuration([{ at: 0, afterMs: ms, byMs: ms }]);
            return fromApi && { ...fromApi, source: 'the Build API' };
        }
        catch (error) {
            log.debug(`No prediction for the ${kind}: ${(0,errors/* messageOf */.bD)(error)}`);
            return undefined;
        }
    }
    record(key, sample) {
        const { store, log } = this.deps;
        if (!store)
            return;
        try {
            store.save(withSample(store.load(), key, sample));
        }
        catch (error) {
            log.debug(`Could not keep the job's duration: ${(0,errors/* messageOf */.bD)(error)}`);
        }
    }
}
/** Whether a Private Cloud job ended well: only those durations predict the next. */
function jobFinished(job) {
    return job.status === 'finished' && !job.error;
}
/**
 * The job keys of a run: builds per app; per environment, Private Cloud deploys and Mendix Cloud starts (the
 * slow half of a Mendix Cloud deploy); all per API.
 */
function historyKeys(settings) {
    const { apiUrl, appId, environment, namespace } = settings;
    if (!appId)
        return {};
    const api = apiUrl.replace(/\/+$/, '');
    const build = `build ${api} ${appId}`;
    if (!environment)
        return { build };
    return settings.target === 'mendix-cloud'
        ? { build, start: `start ${api} ${appId} ${environment}` }
        : { build, deploy: `deploy ${api} ${appId} ${namespace ?? '-'} ${environment}` };
}
/**
 * The history a run keeps: the file under the runner's temporary folder (`runnerTemp`, RUNNER_TEMP; none
 * without it), keyed by the run's app and environment. Made once per run, by `main`.
 */
function runHistory(settings, deps, runnerTemp) {
    const store = runnerTemp
        ? fileStore((0,external_node_path_.join)(runnerTemp, 'mendix-deploy-action', 'job-history.json'))
        : undefined;
    return new JobHistory({ ...deps, store }, historyKeys(settings));
}
/** The plan for a job of this kind that starts now: from the run's history, or a plain wait without one. */
function planJob(deps, kind, succeeded) {
    const { clock, history, build } = deps;
    if (!history || !kind)
        return Promise.resolve({ startedAt: clock.now(), onDone: () => { } });
    const lookup = kind === 'build' && build ? () => newestBuildMs(build, deadline/* Deadline */.B2.after(clock, LOOKUP_MS)) : undefined;
    return history.plan(kind, succeeded, lookup);
}

// EXTERNAL MODULE: ./src/output.ts
var output = __nccwpck_require__(6202);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(8161);
;// CONCATENATED MODULE: ./src/unit-tests/junit.ts
/**
 * The unit test result as a JUnit XML report, the format test-report actions and artifact viewers read.
 * A small escaper instead of an XML library: the report has one fixed shape, and every piece of server text in
 * it goes through `xmlText` or `xmlAttribute`.
 */



/**
 * Characters XML 1.0 does not allow even as references (its `Char` production): C0 controls but tab, line
 * feed and carriage return; U+FFFE and U+FFFF; lone surrogates. Each is written as the text `\uXXXX`, so the
 * file stays well-formed and the reader still sees that something was there.
 */
const NOT_XML = 
// eslint-disable-next-line no-control-regex -- control characters are exactly what this replaces
/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const shownAsText = (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
/** Server text with secrets and URL credentials taken out and characters XML cannot hold replaced. */
function clean(text) {
    return (0,untrusted/* redact */.E$)((0,untrusted/* displayUrl */.Qy)(text)).replace(NOT_XML, shownAsText);
}
/**
 * Text for between tags: `&`, `<` and `>` escaped (`>` so that `]]>` cannot appear), and carriage return as a
 * reference, which a parser would otherwise turn into a line feed.
 */
function xmlText(text) {
    return clean(text).replace(/[&<>\r]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' })[c]);
}
/**
 * Text for inside a double-quoted attribute: as `xmlText`, plus quotes, and tab and line feed as references,
 * which a parser would otherwise turn into spaces.
 */
function xmlAttribute(text) {
    return xmlText(text).replace(/["'\t\n]/g, c => ({ '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;' })[c]);
}
/** Seconds with three decimals, as JUnit's `time` attributes hold. */
function secondsOf(ms) {
    return (Math.max(0, ms) / 1000).toFixed(3);
}
/**
 * The report. The module's remote API names only the failed tests, so the suite lists those as test cases and
 * carries the run's totals (`tests`, `failures`, `time`) in its attributes.
 */
function toJUnit(result, context) {
    const failures = Math.max(result.failures, result.failedTests.length);
    const totals = `tests="${Math.max(result.tests, failures)}" failures="${failures}" errors="0" time="${secondsOf(result.runtimeMs)}"`;
    let host = context.url;
    try {
        host = new URL(context.url).host;
    }
    catch {
        // Shown as given.
    }
    const cases = result.failedTests.map(test => {
        const dot = test.name.lastIndexOf('.');
        const classname = dot > 0 ? test.name.slice(0, dot) : test.name;
        const detail = test.step ? `${test.error}\nLast step: ${test.step}` : test.error;
        return [
            `    <testcase name="${xmlAttribute(test.name)}" classname="${xmlAttribute(classname)}" time="0">`,
            `      <failure message="${xmlAttribute(test.error)}" type="failure">${xmlText(detail)}</failure>`,
            '    </testcase>'
        ].join('\n');
    });
    return [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<testsuites name="Mendix unit tests" ${totals}>`,
        `  <testsuite name="Mendix unit tests" ${totals} skipped="0" timestamp="${context.timestamp.toISOString().replace(/\.\d+Z$/, '')}" hostname="${xmlAttribute(host)}">`,
        ...cases,
        '  </testsuite>',
        '</testsuites>',
        ''
    ].join('\n');
}
/** Writes the report to a new directory under `parent` (RUNNER_TEMP on a runner); returns the file's path. */
function writeJUnitReport(parent, xml) {
    const dir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(parent, 'mendix-unit-tests-'));
    const path = (0,external_node_path_.join)(dir, 'junit.xml');
    (0,external_node_fs_.writeFileSync)(path, xml, { encoding: 'utf8', flag: 'wx' });
    return path;
}

;// CONCATENATED MODULE: ./src/unit-tests/report.ts
/**
 * The unit test result the way GitHub users read test results: one error annotation per failed test, a table
 * in the job summary, the outputs `testsRun`, `testsFailed` and `testReport`, and a JUnit XML file.
 * Test names, errors and steps are the app's text: annotations go through output.ts (neutralised, redacted),
 * summary cells through `escapeCell`, the XML through junit.ts's escaper.
 */





/** The reporter on a runner: annotations and the summary through output.ts, the file under RUNNER_TEMP. */
function runnerReporter(env = process.env) {
    return {
        annotate: (message, title) => output.error(message, { title }),
        summary: markdown => output.writeSummary(markdown),
        directory: env.RUNNER_TEMP || (0,external_node_os_.tmpdir)()
    };
}
/**
 * GitHub shows at most 10 error annotations per step; the step's own failure is one of them. So at most this
 * many failed tests get one each; beyond it, one annotation counts the rest.
 */
const MAX_TEST_ANNOTATIONS = 8;
/** Failed tests listed in the summary; the JUnit file has them all. */
const MAX_SUMMARY_ROWS = 50;
const ANNOTATION_TEXT_CHARS = 2000;
const CELL_TEXT_CHARS = 500;
function cut(text, max) {
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
/** A cell of the app's text: one line, control characters shown as `\uXXXX`, cut, then escaped. */
const textCell = (text) => (0,untrusted/* escapeCell */.kq)(cut((0,untrusted/* oneLine */.TN)(text), CELL_TEXT_CHARS));
/** How many tests failed: the module's count, or the failures it listed if that is more. */
function failureCount(result) {
    return Math.max(result.failures, result.failedTests.length);
}
/** The annotations for a result: one per failed test, up to the cap, then one for the rest. */
function annotationsOf(result) {
    const failed = result.failedTests;
    const shown = failed.length > MAX_TEST_ANNOTATIONS + 1 ? failed.slice(0, MAX_TEST_ANNOTATIONS) : failed;
    const notes = shown.map((test) => ({
        title: test.name,
        message: cut(test.step ? `${test.error}\nLast step: ${test.step}` : test.error || '(no error message)', ANNOTATION_TEXT_CHARS)
    }));
    const unnamed = failureCount(result) - shown.length;
    if (unnamed > 0) {
        notes.push({
            title: 'More unit tests failed',
            message: `${unnamed} more unit test(s) failed: see the job summary and the JUnit report (output testReport).`
        });
    }
    return notes;
}
/** The job summary section: totals, then the failed tests. */
function renderUnitTestSummary(result, reportPath) {
    const failures = failureCount(result);
    const tests = Math.max(result.tests, failures);
    const heading = failures > 0
        ? `### ❌ Unit tests: ${failures} of ${tests} failed`
        : tests === 0
            ? '### ⚠️ Unit tests: the run completed without any test'
            : `### ✅ Unit tests: all ${tests} passed`;
    const lines = [
        heading,
        '',
        '| Tests | Failures | Runtime | App |',
        '|---|---|---|---|',
        `| ${tests} | ${failures} | ${(0,untrusted/* escapeCell */.kq)(result.runtimeMs >= 0 ? (0,logger/* seconds */.Y)(result.runtimeMs) : '(unknown)')} | ${(0,untrusted/* linkCell */.Zi)(result.url)} |`,
        ''
    ];
    if (result.failedTests.length > 0) {
        lines.push('| Failed test | Error | Last step |', '|---|---|---|');
        for (const test of result.failedTests.slice(0, MAX_SUMMARY_ROWS)) {
            lines.push(`| ${textCell(test.name)} | ${textCell(test.error)} | ${textCell(test.step)} |`);
        }
        lines.push('');
        const more = result.failedTests.length - MAX_SUMMARY_ROWS;
        if (more > 0)
            lines.push(`${more} more failed test(s) are in the JUnit report.`, '');
    }
    if (reportPath)
        lines.push(`JUnit report (output \`testReport\`): ${(0,untrusted/* codeCell */.MZ)(reportPath)}`, '');
    return lines.join('\n');
}
/**
 * Reports a completed run everywhere at once: outputs first (they stay set whatever follows), then the JUnit
 * file, annotations and the summary. Returns the report's path.
 */
async function reportUnitTests(result, progress, reporter) {
    const failures = failureCount(result);
    progress.output('testsRun', String(Math.max(result.tests, failures)));
    progress.output('testsFailed', String(failures));
    const path = writeJUnitReport(reporter.directory, toJUnit(result, { url: result.url, timestamp: result.endedAt }));
    progress.output('testReport', path);
    for (const { title, message } of annotationsOf(result))
        reporter.annotate(message, title);
    await reporter.summary(renderUnitTestSummary(result, path));
    return path;
}

// EXTERNAL MODULE: ./src/app-url.ts
var app_url = __nccwpck_require__(8596);
// EXTERNAL MODULE: ./src/phases.ts
var src_phases = __nccwpck_require__(119);
;// CONCATENATED MODULE: ./src/wait.ts

const DEFAULT_SCHEDULE = { ratio: 0.025, minMs: 500, capMs: 10_000 };
/** The delay before the next poll, after waiting `elapsedMs` so far. */
function pollDelay(schedule, elapsedMs) {
    return Math.round(Math.min(schedule.capMs, Math.max(schedule.minMs, schedule.ratio * elapsedMs)));
}
const DEFAULT_TUNING = {
    pollCostMs: 50,
    surprise: 0.01,
    late: 0.03,
    lateShare: 0.25,
    giveUpAfter: 3,
    capMs: 60_000
};
/** Φ, the standard normal distribution function (Abramowitz and Stegun 7.1.26, error below 1e-7). */
function normalCdf(z) {
    const x = Math.abs(z) / Math.SQRT2;
    const t = 1 / (1 + 0.3275911 * x);
    const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    const erf = 1 - poly * Math.exp(-x * x);
    return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
/**
 * The chance per millisecond that a job still running at `t` ends now: a normal distribution around the
 * prediction, mixed with a small chance (`surprise`) of an end anywhere before it and one (`late`) of an end
 * after it, exponentially distributed.
 */
function endHazard(estimate, tuning, t) {
    const { expectedMs: mean, spreadMs: sd } = estimate;
    const usual = 1 - tuning.surprise - tuning.late;
    const z = (t - mean) / sd;
    const early = t < mean ? tuning.surprise : 0;
    const lateMean = tuning.lateShare * mean;
    const lateLeft = t < mean ? 1 : Math.exp(-(t - mean) / lateMean);
    const density = (usual * Math.exp((-z * z) / 2)) / (sd * Math.sqrt(2 * Math.PI)) +
        early / mean +
        (t < mean ? 0 : (tuning.late * lateLeft) / lateMean);
    const survival = usual * (1 - normalCdf(z)) + early * (1 - t / mean) + tuning.late * lateLeft;
    return survival <= 0 ? Infinity : density / survival;
}
/** When, counted from the job's start, a job still running shows the prediction wrong. */
function giveUpAt(estimate, tuning = DEFAULT_TUNING) {
    const { expectedMs, spreadMs } = estimate;
    return expectedMs + tuning.giveUpAfter * Math.max(spreadMs, tuning.lateShare * expectedMs);
}
/**
 * The delay before the next poll of a job running for `elapsedMs`, given a prediction: the longest interval Δ
 * with Δ ≤ sqrt(2 × pollCost / hazard) all along it (the hazard grows towards the end, so a long step never
 * jumps over a likely end), between the schedule's floor and the tuning's cap; the plain schedule once the job
 * has run past `giveUpAt`.
 */
function planDelay(estimate, elapsedMs, schedule = DEFAULT_SCHEDULE, tuning = DEFAULT_TUNING) {
    if (elapsedMs > giveUpAt(estimate, tuning))
        return pollDelay(schedule, elapsedMs);
    const wanted = (delay) => Math.sqrt((2 * tuning.pollCostMs) / endHazard(estimate, tuning, elapsedMs + delay));
    let low = schedule.minMs;
    let high = Math.max(low, tuning.capMs);
    if (wanted(low) <= low)
        return low;
    if (wanted(high) >= high)
        return high;
    // The hazard grows as the end nears, so `wanted` falls as the delay grows: bisect for the crossing.
    for (let i = 0; i < 40 && high - low > 1; i++) {
        const mid = (low + high) / 2;
        if (wanted(mid) > mid)
            low = mid;
        else
            high = mid;
    }
    return Math.round(low);
}
/** Polls until the result is done and returns its value. */
async function waitUntil(options) {
    const { clock, signal, estimate } = options;
    const schedule = options.schedule ?? DEFAULT_SCHEDULE;
    const maxErrors = options.maxConsecutiveErrors ?? 3;
    const started = clock.now();
    const jobStart = Math.min(options.startedAt ?? started, started);
    let lastStatus = 'unknown';
    let consecutiveErrors = 0;
    let afterMs = 0;
    let polls = 0;
    for (;;) {
        if (signal?.aborted)
            throw new errors/* CancelledError */.cc();
        let notBeforeMs = 0;
        const sentAt = clock.now();
        try {
            polls++;
            const result = await options.poll();
            consecutiveErrors = 0;
            if (result.done) {
                options.onDone?.(result.value, { afterMs, byMs: clock.now() - jobStart, polls });
                return result.value;
            }
            afterMs = sentAt - jobStart;
            notBeforeMs = result.notBeforeMs ?? 0;
            if (result.status !== lastStatus) {
                lastStatus = result.status;
                options.onStatus?.(result.status, clock.now() - started);
            }
        }
        catch (error) {
            if (error instanceof errors/* CancelledError */.cc)
                throw error;
            const transient = options.isTransient?.(error, clock.now() - started) ?? false;
            if (!transient || ++consecutiveErrors > maxErrors)
                throw error;
        }
        const remaining = options.deadline.remainingMs();
        if (remaining <= 0)
            throw options.onTimeout(lastStatus, clock.now() - started);
        // After a failed poll the plain schedule decides: a fault is retried soon, whatever the prediction.
        const planned = estimate && consecutiveErrors === 0
            ? planDelay(estimate, clock.now() - jobStart, schedule, options.tuning)
            : pollDelay(schedule, clock.now() - started);
        await clock.sleep(Math.min(Math.max(planned, notBeforeMs), remaining), signal);
    }
}

// EXTERNAL MODULE: ./src/transport.ts
var src_transport = __nccwpck_require__(9646);
;// CONCATENATED MODULE: ./src/unit-tests/remote-api.ts
/**
 * The client of the UnitTesting module's remote API on the deployed app (Mendix Marketplace, "Unit Testing":
 * https://docs.mendix.com/appstore/modules/unit-testing/; the servlet is `RemoteApiServlet.java` in
 * https://github.com/mendix/UnitTesting):
 * - `POST <app>/unittests/start` with `{"password"}`: 204 when a run starts; 400 while another run goes on;
 * - `POST <app>/unittests/status` with the same body: `{completed, runtime, tests, failures, failed_tests}`;
 * - 401 for a wrong password, 404 when the module (or its remote API) is not there.
 *
 * It goes to the app, not a Mendix API: it uses the plain transport, as the health check does, and carries no
 * Mendix credential. Every answer is bounded in time and size, and its text is data: it reaches the log only
 * through output.ts. This client makes one request per call and never logs; run.ts owns waiting and retries.
 */



/** The unit test step could not run the tests (as opposed to tests that ran and failed). */
class UnitTestError extends Error {
    kind;
    transient;
    unanswered;
    constructor(message, kind, 
    /** A gateway answer (502, 503, 504) or no answer at all: worth another try a little later. */
    transient = false, 
    /** No HTTP answer came, so whether the app acted on the request is unknown. */
    unanswered = false) {
        super(message);
        this.kind = kind;
        this.transient = transient;
        this.unanswered = unanswered;
        this.name = 'UnitTestError';
    }
}
/** An error answer's body is shown only this far: it is server text, and one line is enough to recognise it. */
const SHOWN_BODY_CHARS = 300;
/** Longer names and texts are cut: they end up in annotations, the summary and the JUnit file. */
const MAX_NAME_CHARS = 500;
const MAX_TEXT_CHARS = 8000;
/** A start answer has no body worth reading; an error one is cut to its last bytes. */
const START_BODY_BYTES = 64 * 1024;
function remote_api_cut(text, max) {
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
/** An answer body as a short, single-line quote for an error message. */
function shown(body) {
    const line = body.replace(/\s+/g, ' ').trim();
    return line ? `: ${remote_api_cut(line, SHOWN_BODY_CHARS)}` : '';
}
function isCount(value) {
    return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
function remote_api_text(value, max) {
    if (value === undefined || value === null)
        return '';
    return typeof value === 'string' ? remote_api_cut(value, max) : undefined;
}
/** The status answer checked against the module's shape; undefined when it is not that shape. */
function parseStatus(body) {
    let parsed;
    try {
        parsed = JSON.parse(body);
    }
    catch {
        return undefined;
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
        return undefined;
    const o = parsed;
    if (typeof o.completed !== 'boolean' || !isCount(o.tests) || !isCount(o.failures))
        return undefined;
    if (typeof o.runtime !== 'number' || !Number.isFinite(o.runtime))
        return undefined;
    const list = o.failed_tests ?? [];
    if (!Array.isArray(list))
        return undefined;
    const failedTests = [];
    for (const item of list) {
        if (!item || typeof item !== 'object')
            return undefined;
        const t = item;
        const name = remote_api_text(t.name, MAX_NAME_CHARS);
        const error = remote_api_text(t.error, MAX_TEXT_CHARS);
        const step = remote_api_text(t.step, MAX_TEXT_CHARS);
        if (!name || error === undefined || step === undefined)
            return undefined;
        failedTests.push({ name, error, step });
    }
    return { completed: o.completed, runtimeMs: o.runtime, tests: o.tests, failures: o.failures, failedTests };
}
/** One app's unit test remote API, at `baseUrl` (the app URL, or `unitTestsUrl`). */
class UnitTestRemoteApi {
    baseUrl;
    password;
    deps;
    constructor(baseUrl, password, deps) {
        this.baseUrl = baseUrl;
        this.password = password;
        this.deps = deps;
        const url = new URL(baseUrl);
        // The last guard before the password leaves: https, or plain http to this machine only.
        if (url.protocol !== 'https:' && !(url.protocol === 'http:' && (0,app_url/* isLoopback */.U9)(url))) {
            throw new UnitTestError(`The unit test password is sent only to https URLs (or http on this machine); not to ${url.origin}.`, 'unexpected');
        }
    }
    /** `POST /unittests/start`: resolves when a run has started (204, or any 2xx). */
    async start() {
        const response = await this.post('start', START_BODY_BYTES);
        if (response.status >= 200 && response.status < 300)
            return;
        throw this.failure('start', response);
    }
    /** `POST /unittests/status`: the run's progress, or its result once `completed`. */
    async status() {
        const response = await this.post('status', src_transport/* MAX_BODY_BYTES */.YK);
        if (response.status !== 200)
            throw this.failure('status', response);
        const status = parseStatus(response.body);
        if (!status) {
            throw new UnitTestError(`${this.endpoint('status')} answered 200 with something other than the UnitTesting module's status${shown(response.body)}. Check that unitTestsUrl (or the app URL) points at the app itself.`, 'unexpected');
        }
        return status;
    }
    endpoint(call) {
        return `POST ${this.baseUrl}/unittests/${call}`;
    }
    async post(call, maxBytes) {
        const { transport, signal, deadline } = this.deps;
        try {
            // The password goes in the body, which is never logged; no Mendix credential is added.
            return await transport.send('POST', `${this.baseUrl}/unittests/${call}`, JSON.stringify({ password: this.password }), { 'Content-Type': 'application/json', Accept: 'application/json' }, {
                timeoutMs: Math.min(src_transport/* REQUEST_TIMEOUT_MS */.j2, Math.max(1000, deadline.remainingMs())),
                maxBytes,
                oversize: call === 'start' ? 'tail' : 'refuse',
                signal
            });
        }
        catch (error) {
            if (signal?.aborted)
                throw error;
            const reason = (0,errors/* messageOf */.bD)(error);
            throw new UnitTestError(`Could not reach the app: ${this.endpoint(call)} got no answer (${reason}). Check that the app runs and that ${this.baseUrl} is reachable from the runner.`, 'unreachable', true, true);
        }
    }
    /** The error for a non-success answer, by what the module (or what stands in front of it) means by it. */
    failure(call, response) {
        const { status, body } = response;
        const what = `${this.endpoint(call)} answered ${status}${shown(body)}`;
        if (status === 400 && /another test ?run/i.test(body)) {
            return new UnitTestError(`A unit test run is already in progress in the app (${what}). Wait until it completes, or restart the app, then run this step again.`, 'in-progress');
        }
        if (status === 400 && /no test ?run was started/i.test(body)) {
            return new UnitTestError(`The app knows of no unit test run although one was started (${what}). With more than one instance, each keeps its own run: point unitTestsUrl at one instance, or run the tests with one instance.`, 'not-started');
        }
        if (status === 401) {
            return new UnitTestError(`The app refused the unit test password (${what}). Set unitTestsPassword to the value of the environment's constant UnitTesting.RemoteApiPassword.`, 'password');
        }
        if (status === 403) {
            // The module answers a wrong password with 401; a 403 comes from what stands in front of the app.
            return new UnitTestError(`The request was forbidden (${what}); the UnitTesting module answers a wrong password with 401, so an access restriction in front of the app refused it. Allow the path /unittests/ for the environment (Mendix Cloud: the environment's Network tab, request handlers and access restrictions).`, 'forbidden');
        }
        if (status === 404) {
            return new UnitTestError(`The app has no unit test remote API at ${this.baseUrl}/unittests/ (${what}). Add the UnitTesting module from the Mendix Marketplace, set its constants UnitTesting.RemoteApiEnabled to true and UnitTesting.RemoteApiPassword (recent versions also UnitTesting.Enabled to true; older ones need its Startup microflow in the app's after-startup), and allow the request handler /unittests/ for the environment.`, 'no-module');
        }
        const gateway = status === 502 || status === 503 || status === 504;
        return new UnitTestError(`The unit test remote API did not do what was asked (${what}).`, 'unexpected', gateway);
    }
}

;// CONCATENATED MODULE: ./src/unit-tests/run.ts
/**
 * The unit test step after a deploy (issue 16): once the app runs (after readiness and the health check), start
 * a run of its unit tests through the UnitTesting module's remote API, wait for it with the shared wait loop
 * until the deploy's deadline, and report the result (report.ts). Failed tests fail the step with a
 * `UnitTestsFailedError`, a VerificationError, so that the flows treat it as a failed deploy and roll back with
 * rollbackOnFailure; a step that could not run the tests fails with a `UnitTestError`, and rolls nothing back.
 */








/** Tests ran and some failed: counts as a failed deploy (rolled back with rollbackOnFailure). */
class UnitTestsFailedError extends errors/* VerificationError */.mk {
    reportPath;
    constructor(message, reportPath) {
        super(message);
        this.reportPath = reportPath;
        this.name = 'UnitTestsFailedError';
    }
}
/** How many failed starts in a row (no answer, or a gateway's 502/503/504) before the app counts as unreachable. */
const START_RETRIES = 3;
/** How many failed status polls in a row are waited out: the run goes on in the app meanwhile. */
const STATUS_RETRIES = 5;
/** Failed tests named in the step's error line; the annotations and the summary have them all. */
const NAMED_IN_ERROR = 5;
/**
 * The base URL of the remote API: `unitTestsUrl` when given (checked as an input), else the app URL the
 * environment reports, when app-url.ts lets the password go there (https, or http on this machine). The flows
 * checked that URL before the deploy; one refused here changed since, and fails the step without counting as a
 * failed deploy (a UnitTestError, not a VerificationError: nothing is rolled back for it).
 */
function unitTestBaseUrl(settings, appUrl, apiUrl) {
    if (settings.url)
        return settings.url;
    if (!appUrl) {
        throw new UnitTestError("The environment reports no app URL, so the unit tests cannot be started: set unitTestsUrl to the app's URL.", 'unexpected');
    }
    const refusal = (0,app_url/* appUrlRefusal */.Hk)(appUrl, 'unit tests', apiUrl);
    if (refusal) {
        throw new UnitTestError(`The app URL ${(0,app_url/* shownAppUrl */.Ii)(appUrl)} ${refusal}, so the unit test password is not sent to it; this is not a failed deploy, so nothing is rolled back. Set unitTestsUrl to the app's https URL.`, 'unexpected');
    }
    const url = new URL(appUrl);
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
const run_transient = (error) => error instanceof UnitTestError && error.transient;
function progressOf(status) {
    return `running, ${status.tests} test(s) done, ${status.failures} failed so far`;
}
/**
 * Starts a run and waits until it has completed, or the deadline passes. A start that got no answer is tried
 * again; if the app then says a run is in progress, that run is the one the unanswered start began, and it is
 * followed rather than refused.
 */
async function runUnitTests(url, password, deps) {
    const { clock, log, signal, deadline, schedule } = deps;
    const api = new UnitTestRemoteApi(url, password, deps);
    let unanswered = false;
    await waitUntil({
        clock,
        signal,
        deadline,
        schedule,
        isTransient: run_transient,
        maxConsecutiveErrors: START_RETRIES,
        poll: async () => {
            try {
                await api.start();
                return { done: true, value: true };
            }
            catch (error) {
                if (error instanceof UnitTestError && error.kind === 'in-progress' && unanswered) {
                    log.info('A unit test run is in progress: the start that got no answer began it; following that run.');
                    return { done: true, value: true };
                }
                if (error instanceof UnitTestError && error.unanswered)
                    unanswered = true;
                throw error;
            }
        },
        onTimeout: (_status, elapsed) => new UnitTestError(`Could not start the unit tests at ${url} within ${(0,logger/* seconds */.Y)(elapsed)} (timeoutMinutes: ${deps.timeoutMinutes}).`, 'timeout')
    });
    log.info(`Unit test run started at ${url}`);
    const final = await waitUntil({
        clock,
        signal,
        deadline,
        schedule,
        isTransient: run_transient,
        maxConsecutiveErrors: STATUS_RETRIES,
        poll: async () => {
            const status = await api.status();
            return status.completed ? { done: true, value: status } : { done: false, status: progressOf(status) };
        },
        onStatus: (status, elapsed) => log.info(`Unit tests: ${status} (after ${(0,logger/* seconds */.Y)(elapsed)})`),
        onTimeout: (status, elapsed) => new UnitTestError(`The unit test run at ${url} had not completed after ${(0,logger/* seconds */.Y)(elapsed)}, at the deadline (timeoutMinutes: ${deps.timeoutMinutes}); it was ${status}. The run goes on in the app; give timeoutMinutes more time, or make the tests faster.`, 'timeout')
    });
    return { ...final, url, endedAt: new Date(clock.now()) };
}
/**
 * The unit test step for a flow to call once the app runs, or undefined when `unitTests` is off. It runs the
 * tests as the phase "unit tests", reports them, and throws UnitTestsFailedError when any failed.
 */
function unitTestHook(settings, deps) {
    if (!settings.unitTests)
        return undefined;
    const unitTests = {
        enabled: true,
        password: settings.unitTestsPassword,
        url: settings.unitTestsUrl
    };
    const phases = new src_phases/* Phases */.V(deps);
    return (appUrl, deadline) => phases.run('unit tests', "Run the app's unit tests", async () => {
        const url = unitTestBaseUrl(unitTests, appUrl, settings.apiUrl);
        const result = await runUnitTests(url, unitTests.password, {
            ...deps,
            deadline,
            timeoutMinutes: settings.timeoutMinutes
        });
        const path = await reportUnitTests(result, deps.progress, deps.reporter);
        const failures = failureCount(result);
        if (failures === 0) {
            if (result.tests === 0)
                deps.log.warning(`The unit test run at ${url} completed without any test.`, 'No unit tests');
            else
                deps.log.info(`All ${result.tests} unit test(s) passed in ${(0,logger/* seconds */.Y)(result.runtimeMs)}`);
            return;
        }
        const named = result.failedTests.slice(0, NAMED_IN_ERROR).map(t => t.name);
        const more = failures - named.length;
        throw new UnitTestsFailedError(`${failures} of ${Math.max(result.tests, failures)} unit test(s) failed at ${url}${named.length ? `: ${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}` : ''}. See the annotations, the job summary and the JUnit report ${path}.`, path);
    });
}

;// CONCATENATED MODULE: ./src/mendix-cloud/service-codes.ts
/**
 * The error codes the Mendix Cloud docs list for each call the deploy makes, and what each means for it. An
 * answer with one of these codes is the service saying what happened, so it is reported as that failure, with
 * its meaning, and never as an unknown outcome. Sources: the Build API, Deploy API v1 and Backups API v2 pages
 * (https://docs.mendix.com/apidocs-mxsdk/apidocs/build-api/, …/deploy-api/, …/backups-api/); the Deploy API v2
 * upload lists no codes of its own, so it is read with the v1 upload's.
 */


const ENVIRONMENT_CODES = {
    '400 INVALID_PARAMETERS': 'The request lacked the app or the environment: check the appId and environment inputs.',
    '400 INVALID_ENVIRONMENT': "The environment input is not Test, Acceptance, Production or the name of one of the app's flexible environments.",
    '404 ENVIRONMENT_NOT_FOUND': 'The app has no environment of that name visible to this user: check the environment input.'
};
const APP_CODES = {
    '400 INVALID_APPID': "The appId input is not a valid app subdomain (the part before .mendixcloud.com, e.g. 'calc').",
    '404 APP_NOT_FOUND': 'No app with that subdomain is visible to this user: check the appId input, and that the user is a member of the app.'
};
const BACKUP_CODES = {
    '400 INVALID_PARAMETERS': 'The request lacked the project or the environment id.',
    '400 NOT_SUPPORTED': 'Backups through the API exist only for apps on Mendix Cloud.',
    '403 NO_ACCESS': "The user lacks Access to Backups on this environment: ask the app's Technical Contact to grant it on the app's Environments > Permissions page.",
    '404 ENVIRONMENT_NOT_FOUND': 'The environment was not found by its EnvironmentId.',
    '404 NOT_FOUND': 'The snapshot was not found.',
    '500 SERVICE_UNAVAILABLE': 'The backup service could not do it: try again later, or ask Mendix Support if it persists.'
};
/** What each documented start error means and what to do (Deploy API v1, "Get Start Environment Status"). */
const START_STATUS_CODES = {
    ...ENVIRONMENT_CODES,
    '500 DB_SYNC_FAILED': 'The database could not be synchronised with the new model: read the app log in the Mendix Portal; a backup (backup: true) lets you restore the data.',
    '500 INVALID_DB_STRUCTURE': 'The database is out of step with the model and autoSyncDb is false: set autoSyncDb: true (the default) to synchronise it at start.',
    '500 MISSING_CONSTANT': 'The new model has constants without a value in this environment: give them with the constants input, or in the Portal (Environments > Model Options).',
    '500 INSECURE_ADMIN_PASSWORD': "A user with the administrator role has the password '1', which the Mendix Cloud refuses: change it in the model or the app before deploying.",
    '500 STARTUP_ACTION_FAILED': "The app's after-startup microflow failed: read the app log in the Mendix Portal.",
    '500 START_FAILED': 'The runtime did not start: read the app log in the Mendix Portal.',
    '500 ALREADY_LOCKED': 'Another operation holds a lock on the environment: wait for it to finish and re-run.',
    '500 NO_PACKAGE': 'The environment has no package set: the transport did not take effect; re-run the deploy.',
    '404 NO_SUCH_STARTJOB': 'The start job is gone: check the environment in the Mendix Portal.'
};
/** By call, `<HTTP status> <code>` as the docs' error tables list them -> what it means and what to do. */
const CODES = {
    build: {
        ...APP_CODES,
        '400 INVALID_PARAMETERS': 'The Build API found the branch, revision or version missing: check the branch and revision inputs.',
        '400 INVALID_VERSION': 'The Version is not major.minor.patch (like 2.3.5): check the version input.',
        '500 BUILD_FAILED': "The build server could not build this revision: check that it builds in Studio Pro, and read the build output among the app's deployment packages in the Mendix Portal."
    },
    stop: {
        ...ENVIRONMENT_CODES,
        '500 STOP_FAILED': "The Mendix Cloud could not stop the app: read the app log in the Mendix Portal, and stop it from the environment's page there if it must be stopped."
    },
    transport: {
        ...ENVIRONMENT_CODES,
        '400 INVALID_RUNTIME_VERSION': "The package's Mendix version is not supported on this environment (Mendix Cloud v4 needs Mendix 6 or newer).",
        '403 NO_ACCESS': "The user has no access to this environment: ask the app's Technical Contact for API Rights and Transport Rights on it (Environments > Permissions).",
        '403 TRANSPORT_NOT_ALLOWED': "The user may not transport to this environment: ask the app's Technical Contact for Transport Rights on it (Environments > Permissions).",
        '403 APP_IS_RUNNING': 'The environment was running or starting: a package can be transported only to a stopped environment.',
        '404 PACKAGE_NOT_FOUND': "The package does not exist, or its build failed: check the app's deployment packages.",
        '500 PACKAGE_PARSE_FAILED': 'The service could not read the package file: build or upload it again.'
    },
    setSettings: {
        ...ENVIRONMENT_CODES,
        '400 CONSTANT_NOT_FOUND': 'The environment has no constant of that name: check the constants input.',
        '400 CUSTOM_SETTING_NOT_SUPPORTED': 'The environment does not support that custom setting.',
        '400 SCHEDULED_EVENT_NOT_FOUND': 'The environment has no scheduled event of that name.',
        '500 INVALID_SCHEDULED_EVENT_PARAMETER': 'A scheduled event can be only Enabled or Disabled.'
    },
    start: {
        ...APP_CODES,
        '500 NO_MDA_HAS_BEEN_DEPLOYED': 'The environment has no package: the transport did not take effect; re-run the deploy.',
        '500 APP_ALREADY_HAS_A_STARTING_JOB': 'A start of this environment is already running (perhaps from the Portal): wait for it and check the environment.'
    },
    startStatus: START_STATUS_CODES,
    upload: {
        ...APP_CODES,
        '500 UPLOAD_COPY_FAILED': 'The service could not store the package: upload it again.',
        '500 INVALID_PACKAGE': 'The service could not process the file as a deployment package: check that it is an .mda built by MxBuild or Studio Pro.'
    },
    backupCreate: {
        ...BACKUP_CODES,
        '400 ENVIRONMENT_BUSY': 'The environment is busy with another operation: try again later.',
        '400 INVALID_STATE': 'A maintenance action is in progress on the environment: wait until it has finished.'
    },
    backupGet: BACKUP_CODES
};
/** What a documented status and code of a call mean, or undefined for an answer the docs do not list there. */
function meaningOf(call, status, code) {
    return CODES[call][`${status} ${code}`];
}
/** One sentence on what to do, for a failed start's status and code; a general one for codes the docs do not list. */
function startAdvice(status, code) {
    return (code && meaningOf('startStatus', status, code)) || 'Read the app log in the Mendix Portal.';
}
/** A documented error code in an answer: the service said what happened, so the outcome is known. */
class KnownFailure extends src_http/* ApiError */.hD {
    meaning;
    /** The service's own words, without the code: "Build job failed". */
    said;
    constructor(error, action, 
    /** What the code means for the deploy, and what to do. */
    meaning) {
        const said = (error.serviceMessage ?? '').replace(`${error.serviceCode}: `, '').replace(/\.$/, '');
        super(`Could not ${action}: ${error.method} ${(0,untrusted/* displayUrl */.Qy)(error.url)} answered ${error.status} ${error.serviceCode}${said ? ` (${said})` : ''}. ${meaning}`, {
            method: error.method,
            url: error.url,
            status: error.status,
            outcomeUnknown: false,
            serviceMessage: error.serviceMessage,
            notActed: error.notActed,
            retryAfterMs: error.retryAfterMs,
            serviceCode: error.serviceCode
        });
        this.meaning = meaning;
        this.name = 'KnownFailure';
        this.said = said;
    }
}
/** The error of a call, as a KnownFailure when its answer carries a code the docs list for that call. */
function explained(call, action, error) {
    if (!(error instanceof src_http/* ApiError */.hD) || error.status === undefined || error.serviceCode === undefined)
        return error;
    const meaning = meaningOf(call, error.status, error.serviceCode);
    if (!meaning)
        return error;
    return new KnownFailure(error, action, meaning);
}

;// CONCATENATED MODULE: ./src/mendix-cloud/api.ts



/** The Mendix-Username and Mendix-ApiKey headers, and what to tell a person when they are refused. */
function apiKeyCredentials(username, apiKey) {
    return {
        headers: { 'Mendix-Username': username, 'Mendix-ApiKey': apiKey },
        // The v1 docs ask for this header on every call but the upload.
        defaultHeaders: { 'Content-Type': 'application/json' },
        unauthorized: 'The username and API key were not accepted: check the username input and that the secret holds a valid API key (Mendix Profile > API Keys).',
        forbidden: permission => `The user lacks the permission this needs (${permission}): ask the app's Technical Contact to grant it on the app's Environments > Permissions page.`
    };
}
const RIGHTS = {
    api: 'API Rights',
    transport: 'API Rights and Transport Rights',
    backups: 'API Rights and Access to Backups'
};
class MendixCloudApi {
    http;
    apiUrl;
    appId;
    v2Base;
    constructor(http, apiUrl, appId) {
        this.http = http;
        this.apiUrl = apiUrl;
        this.appId = appId;
        // Backups and the package upload live beside the v1 API on the same host, under /api/v2.
        this.v2Base = /\/api\/1$/.test(apiUrl)
            ? apiUrl.replace(/\/api\/1$/, '/api/v2')
            : `${new URL(apiUrl).origin}/api/v2`;
    }
    get app() {
        return `/apps/${encodeURIComponent(this.appId)}`;
    }
    env(mode) {
        return `${this.app}/environments/${encodeURIComponent(mode)}`;
    }
    snapshots(projectId, environmentId) {
        return `${this.v2Base}/apps/${encodeURIComponent(projectId)}/environments/${encodeURIComponent(environmentId)}/snapshots`;
    }
    async get(path, action, permission = RIGHTS.api, deadline, call) {
        const response = await this.send(call, {
            method: 'GET',
            path,
            retry: 'safe',
            action,
            scope: permission,
            deadline
        });
        return response.body;
    }
    /** Sends a request; an answer with a code the docs list for `call` fails as that code, with its meaning. */
    async send(call, options) {
        try {
            return await this.http.request(options);
        }
        catch (error) {
            throw call ? explained(call, options.action, error) : error;
        }
    }
    getApp(deadline) {
        return this.get(this.app, `read app ${this.appId}`, RIGHTS.api, deadline);
    }
    getEnvironment(mode, deadline) {
        return this.get(this.env(mode), `read the ${mode} environment`, RIGHTS.api, deadline);
    }
    /** Starts a build; sent once, since a second POST would start a second build. */
    async startBuild(body, deadline) {
        const path = `${this.app}/packages`;
        const action = `start the build of ${body.Branch}@${body.Revision}`;
        const response = await this.send('build', {
            method: 'POST',
            path,
            body,
            retry: 'once',
            action,
            scope: RIGHTS.api,
            deadline
        });
        if (typeof response.body?.PackageId !== 'string' || response.body.PackageId === '') {
            throw new src_http/* ApiError */.hD(`Could not ${action}: POST ${path} answered ${response.status} without a PackageId.`, { method: 'POST', url: path, status: response.status, outcomeUnknown: true });
        }
        return response.body.PackageId;
    }
    getPackage(packageId, deadline) {
        return this.get(`${this.app}/packages/${encodeURIComponent(packageId)}`, `check package ${packageId}`, RIGHTS.api, deadline);
    }
    async listPackages(deadline) {
        const list = await this.get(`${this.app}/packages`, 'list the deployment packages', RIGHTS.api, deadline);
        return Array.isArray(list) ? list : [];
    }
    /** The package the environment runs, or undefined when it has none. */
    async environmentPackage(mode, deadline) {
        try {
            return await this.get(`${this.env(mode)}/package`, `read the package of the ${mode} environment`, RIGHTS.api, deadline);
        }
        catch (error) {
            if (error instanceof src_http/* ApiError */.hD && error.status === 404)
                return undefined;
            throw error;
        }
    }
    /** Stopping a stopped environment changes nothing, so the request may be retried. */
    async stop(mode, deadline) {
        await this.send('stop', {
            method: 'POST',
            path: `${this.env(mode)}/stop`,
            retry: 'safe',
            action: `stop the ${mode} environment`,
            scope: RIGHTS.transport,
            deadline
        });
    }
    /** Transporting the same package twice changes nothing, so the request may be retried. */
    async transport(mode, packageId, deadline) {
        await this.send('transport', {
            method: 'POST',
            path: `${this.env(mode)}/transport`,
            body: { PackageId: packageId },
            retry: 'safe',
            action: `transport package ${packageId} to the ${mode} environment`,
            scope: RIGHTS.transport,
            deadline
        });
    }
    getSettings(mode, deadline) {
        return this.get(`${this.env(mode)}/settings`, `read the settings of the ${mode} environment`, RIGHTS.api, deadline);
    }
    async setSettings(mode, settings, deadline) {
        await this.send('setSettings', {
            method: 'POST',
            path: `${this.env(mode)}/settings`,
            body: settings,
            retry: 'safe',
            action: `change the settings of the ${mode} environment`,
            scope: RIGHTS.transport,
            deadline
        });
    }
    /** Starts the environment: the start job's id, or `already-started` when the app runs already. */
    async start(mode, autoSyncDb, deadline) {
        const path = `${this.env(mode)}/start`;
        const action = `start the ${mode} environment`;
        try {
            const response = await this.http.request({
                method: 'POST',
                path,
                body: { AutoSyncDb: autoSyncDb },
                retry: 'once',
                action,
                scope: RIGHTS.transport,
                deadline
            });
            // The current docs answer a running app with 200 and ALREADY_STARTED; older ones with a 500 (below).
            if (response.body?.errorCode === 'ALREADY_STARTED')
                return 'already-started';
            if (typeof response.body?.JobId !== 'string') {
                throw new src_http/* ApiError */.hD(`Could not start the ${mode} environment: POST ${path} answered without a JobId.`, { method: 'POST', url: path, status: response.status, outcomeUnknown: true });
            }
            return response.body.JobId;
        }
        catch (error) {
            if (error instanceof src_http/* ApiError */.hD && error.serviceCode === 'ALREADY_STARTED')
                return 'already-started';
            throw explained('start', action, error);
        }
    }
    /**
     * `Starting` or `Started`; a failed start is an ApiError carrying the documented code. ALREADY_STARTED (the
     * docs list it as a 500 here; a 200 like the start's own is read the same way) means the app runs: `Started`.
     */
    async startStatus(mode, jobId, deadline) {
        let body;
        try {
            body = await this.get(`${this.env(mode)}/start/${encodeURIComponent(jobId)}`, `check start job ${jobId}`, RIGHTS.api, deadline);
        }
        catch (error) {
            if (error instanceof src_http/* ApiError */.hD && error.serviceCode === 'ALREADY_STARTED')
                return 'Started';
            throw error;
        }
        if (body?.errorCode === 'ALREADY_STARTED')
            return 'Started';
        return typeof body?.Status === 'string' ? body.Status : 'unknown';
    }
    startJobUrl(mode, jobId) {
        return `${this.apiUrl}${this.env(mode)}/start/${jobId}`;
    }
    /** The environment's Deploy API v1 URL, without credentials: `<it>/start` starts it, `<it>/transport` transports. */
    environmentUrl(mode) {
        return (0,untrusted/* displayUrl */.Qy)(`${this.apiUrl}${this.env(mode)}`);
    }
    /**
     * Uploads an .mda through the Deploy API v2, streamed from its open descriptor, the file in the part `file`
     * (the docs' curl example). Sent once: a second POST would add a second package.
     */
    async uploadPackage(file, deadline) {
        const path = `${this.v2Base}${this.app}/packages/upload?name=${encodeURIComponent(file.name)}`;
        const action = `upload ${file.name}`;
        let response;
        try {
            response = await this.http.upload({ path, action, scope: RIGHTS.transport, deadline }, { fd: file.fd, size: file.size, fields: {}, fileField: 'file', fileName: file.name });
        }
        catch (error) {
            throw explained('upload', action, error);
        }
        const { PackageId, JobId } = response.body ?? {};
        if (typeof PackageId !== 'string' || typeof JobId !== 'string' || !PackageId || !JobId) {
            throw new src_http/* ApiError */.hD(`Could not ${action}: POST ${path} answered ${response.status} without a PackageId and JobId.`, { method: 'POST', url: path, status: response.status, outcomeUnknown: true });
        }
        return { packageId: (0,untrusted/* checkServerId */.Zq)('PackageId', PackageId), jobId: (0,untrusted/* checkServerId */.Zq)('JobId', JobId) };
    }
    /** The status of a v2 job: `Queued`, `Running`, `Completed` or `Failed`. */
    async uploadJobStatus(jobId, deadline) {
        const body = await this.get(this.uploadJobUrl(jobId), `check upload job ${jobId}`, RIGHTS.api, deadline);
        return typeof body?.Status === 'string' ? body.Status : 'unknown';
    }
    /** Where a person can check an upload job. */
    uploadJobUrl(jobId) {
        return `${this.v2Base}${this.app}/jobs/${encodeURIComponent(jobId)}`;
    }
    /** Asks for a backup; sent once, since a second POST would take a second backup. */
    async createSnapshot(projectId, environmentId, comment, deadline) {
        const path = this.snapshots(projectId, environmentId);
        const response = await this.send('backupCreate', {
            method: 'POST',
            path,
            body: { comment },
            retry: 'once',
            action: 'start a backup (snapshot) of the environment',
            scope: RIGHTS.backups,
            deadline
        });
        if (typeof response.body?.snapshot_id !== 'string') {
            throw new src_http/* ApiError */.hD(`Could not start a backup: POST ${path} answered without a snapshot_id.`, {
                method: 'POST',
                url: path,
                status: response.status,
                outcomeUnknown: true
            });
        }
        return response.body;
    }
    getSnapshot(projectId, environmentId, snapshotId, deadline) {
        return this.get(`${this.snapshots(projectId, environmentId)}/${encodeURIComponent(snapshotId)}`, `check backup ${snapshotId}`, RIGHTS.backups, deadline, 'backupGet');
    }
    async listSnapshots(projectId, environmentId, deadline) {
        const body = await this.get(`${this.snapshots(projectId, environmentId)}?offset=0&limit=20`, 'list the backups', RIGHTS.backups, deadline);
        return Array.isArray(body?.snapshots) ? body.snapshots : [];
    }
}

;// CONCATENATED MODULE: ./src/deploy-steps.ts
/**
 * Steps both targets take the same way. Each target passes in its own API calls; the rule and the words a
 * person reads live here once: recovery when the build request's outcome is unknown, reuse of an earlier
 * package, the check for constants the environment does not have, and the rollback after a failed deploy.
 */

/**
 * The build request got no clear answer, so a build may have started. Looks for the package by the run's
 * marker (`find` returns its id); when none is found, fails without sending the request again: a re-run must
 * not build twice.
 */
async function recoverUnknownBuild(cause, marker, find, log) {
    log.warning(`${cause.message} Looking for a package this run built, by its marker ${marker}.`, 'Build request outcome unknown');
    const found = await find().catch(() => undefined);
    if (found) {
        log.info(`Found package ${found} built by this run; using it`);
        return found;
    }
    throw new errors/* JobError */.CR(`${cause.message} A build may have started all the same and could not be found yet. ` +
        `Before re-running, look in the Mendix Portal (the app's deployment packages) for a package whose description contains "${marker}"; ` +
        'not sending the request again, so that this run does not build twice.', '');
}
/** Records and says that an earlier package built from the same source is deployed instead of a new build. */
function announceReuse(packageId, source, deps) {
    deps.progress.output('packageId', packageId);
    deps.progress.output('reused', 'true');
    deps.log.info(`Reusing package ${packageId}, built earlier from ${source.branch}@${source.revision}; nothing is built`);
}
/**
 * The names in `wanted` that `known` lacks, and the sentence for them: a deploy sets constants, it cannot add
 * them, so a name the environment does not have is a typo or belongs to another package.
 */
function missingConstants(wanted, known, where, consequence = 'a deploy can set constants, not add them') {
    const names = wanted.map(c => c.name).filter(name => !known.includes(name));
    return {
        names,
        sentence: `Input 'constants': ${names.join(', ')} not found in ${where}; ${consequence}. ` +
            `Its constants: ${known.join(', ') || '(none)'}.`
    };
}
/**
 * Runs a step whose failure counts as a failed deploy. When `counts` says the error is such a failure and a
 * rollback is possible, puts the previous package back first and adds the outcome to the error's message.
 */
async function withRollback(step, counts, rollback) {
    try {
        return await step();
    }
    catch (error) {
        if (!rollback || !counts(error))
            throw error;
        const outcome = await rollback();
        error.message = `${error.message} ${outcome.sentence}`;
        throw error;
    }
}
/** The sentence for a rollback that failed too. */
function failedRollback(previousPackageId, error) {
    return {
        ok: false,
        sentence: `The rollback to package ${previousPackageId} failed too: ${(0,errors/* messageOf */.bD)(error)}`
    };
}

// EXTERNAL MODULE: ./src/versions.ts
var versions = __nccwpck_require__(7902);
;// CONCATENATED MODULE: ./src/mendix-cloud/flow.ts
/**
 * The classic Mendix Cloud flow, in the order a careful person follows: check the environment, build (or
 * upload) and wait, back up (optional) and wait, stop, transport, check and set constants, start with
 * AutoSyncDb, wait for the start job, and read the environment until it runs the package. Nothing is stopped
 * before the package and the backup are ready. What the environment holds and does is kept up to date as each
 * step lands (`Left`), so that a failure, the deadline or a cancel says exactly what was left: stopped, and how to
 * start it again.
 */











/** Build statuses that mean "not yet" (Build API v1). */
const BUILDING = new Set(['Queued', 'Building', 'Uploading']);
/** The statuses that end a v2 job; `Queued`, `Running` and any other mean "not yet" (Deploy API v2). */
const UPLOAD_ENDED = new Set(['Completed', 'Failed']);
/**
 * The least of the budget that must be left when a running environment is stopped: the stop, the transport and
 * the start with its check. A quarter of `timeoutMinutes`, at most five minutes: five minutes cover the stop, the
 * transport and the start of a typical app at the default budget (60), and a quarter keeps a short budget usable.
 * A step with less left refuses the stop and changes nothing (docs/reliability.md).
 */
const STOP_FLOOR_SHARE = 0.25;
const STOP_FLOOR_CAP_MS = 5 * 60_000;
/** The Deploy API v2 takes no file over 1 GB. */
const UPLOAD_LIMIT_BYTES = 1024 ** 3;
/**
 * Whether a transport's error is the service refusing it, so that it surely did not take effect: a 4xx, the 503
 * "Cannot transport - MDA is still being processed", or a code the Deploy API v1 documents for the call.
 */
function refusedTransport(error) {
    if (!(error instanceof src_http/* ApiError */.hD) || error.status === undefined)
        return false;
    return error.status < 500 || error.status === 503 || error instanceof KnownFailure;
}
/** After a start, the environment runs a package this run did not put there: someone else changed it. */
class ForeignPackageError extends errors/* VerificationError */.mk {
}
class MendixCloudFlow {
    settings;
    deps;
    phases;
    left = { kind: 'untouched' };
    /** The package the environment ran when the step began, and the package this run deploys. */
    previousId;
    newId;
    /** The environment's status when the step began. */
    initialStatus;
    /** The constants' values when the step began (Retrieve Environment Settings), read when `constants` is set. */
    constantsBefore = new Map();
    /**
     * The constants the deploy set (or sent, without a clear answer) that had another value before: what a rollback
     * writes back, with the value each had.
     */
    constantsToRestore = [];
    constructor(settings, deps) {
        this.settings = settings;
        this.deps = deps;
        this.phases = new src_phases/* Phases */.V(deps);
    }
    deadline() {
        return this.deps.timeout.deadline();
    }
    /**
     * Waits with the shared wait loop, failing at the deadline with a message naming what was waited for. A build
     * or a start (`kind`) is predicted from earlier ones (issue 14, job-history.ts): polls are sparse until near its end.
     */
    async waitFor(what, poll, kind) {
        const { clock, log, signal } = this.deps;
        const plan = await planJob(this.deps, kind, v => v === 'Succeeded' || v === 'Started');
        return waitUntil({
            ...plan,
            clock,
            signal,
            deadline: this.deadline(),
            schedule: this.deps.schedule,
            isTransient: src_http/* isTransientPollError */.gc,
            poll,
            onStatus: (status, elapsed) => log.info(`${what}: ${status} (after ${(0,logger/* seconds */.Y)(elapsed)})`),
            onTimeout: (status, elapsed) => new errors/* JobError */.CR(`Gave up waiting for ${what} after ${(0,logger/* seconds */.Y)(elapsed)} (timeoutMinutes: ${this.settings.timeoutMinutes}); it was still ${status}.`, '')
        });
    }
    async run() {
        const { log, progress } = this.deps;
        const s = this.settings;
        const mode = s.environment;
        const file = s.packageFile;
        if (file && file.size > UPLOAD_LIMIT_BYTES) {
            throw new errors/* InputError */.dz([
                `Input 'packageFile': ${file.name} is ${file.size} bytes; the Deploy API v2 uploads at most 1 GB (${UPLOAD_LIMIT_BYTES} bytes).`
            ]);
        }
        // A package built in the runner is new and uploaded like a packageFile: there is nothing to reuse.
        const uploads = file !== undefined || s.runnerBuild !== undefined;
        const { projectId, environment } = await this.phases.run('resolve', undefined, () => this.resolve());
        progress.output('environmentId', environment.EnvironmentId);
        log.info(`Environment ${environment.Mode} of app ${s.appId}: ${environment.Status}${environment.Url ? `, ${environment.Url}` : ''}`);
        const reused = uploads ? undefined : await this.reusable();
        const previous = await this.deps.api.environmentPackage(mode, this.deadline());
        progress.output('previousPackageId', previous?.PackageId);
        this.previousId = previous?.PackageId;
        this.initialStatus = environment.Status;
        this.leave({ kind: 'untouched' });
        if (s.dryRun) {
            await this.phases.run('dry run', 'Dry run: what the deploy would do', () => this.dryRun(environment, reused));
            return { packageId: reused ?? '', environmentName: mode, appUrl: environment.Url };
        }
        const packageId = file
            ? await this.uploadNew(file)
            : s.runnerBuild
                ? await this.buildInRunner()
                : (reused ?? (await this.buildNew()));
        this.newId = packageId;
        if (previous?.PackageId === packageId && environment.Status === 'Running' && s.constants.length === 0) {
            log.info(`The ${mode} environment already runs package ${packageId}; nothing to change.`);
            progress.output('appUrl', environment.Url);
            progress.output('state', environment.Status);
            // Issue 16: nothing changed, so nothing to roll back; the tests still check what runs.
            await this.deps.unitTests?.(environment.Url, this.deadline());
            return { packageId, environmentName: mode, appUrl: environment.Url };
        }
        if (s.backup) {
            if (!environment.EnvironmentId)
                throw new Error(`The ${mode} environment has no EnvironmentId, so it cannot be backed up.`);
            const snapshotId = await this.phases.run('backup', `Back up the ${mode} environment`, () => this.backup(projectId, environment.EnvironmentId, packageId));
            log.info(`Backed up the ${mode} environment: snapshot ${snapshotId} (${this.phases.lastTime()})`);
        }
        const running = await this.guarded(() => this.phases.run('deploy', `Deploy package ${packageId} to ${mode}`, () => this.deploy(environment, packageId)), error => this.deployFailed(error));
        log.info(`Deployed package ${packageId} to ${mode}; ${running ? 'the app runs it' : 'its start was accepted'} (${this.phases.lastTime()})`);
        const after = running ?? (await this.deps.api.getEnvironment(mode, this.deadline()));
        progress.output('appUrl', after.Url);
        progress.output('state', after.Status);
        await this.runUnitTests(after.Url);
        return { packageId, environmentName: mode, appUrl: after.Url };
    }
    /**
     * With unitTests, runs the app's unit tests once it runs. Failed tests count as a failed deploy: with
     * rollbackOnFailure the environment is stopped and the previous package put back, started and proven to run.
     */
    async runUnitTests(appUrl) {
        const unitTests = this.deps.unitTests;
        if (!unitTests)
            return;
        await this.guarded(() => unitTests(appUrl, this.deadline()), (error) => error instanceof errors/* VerificationError */.mk);
    }
    /**
     * Runs a step whose failure counts as a failed deploy when `counts` says so. With rollbackOnFailure what the
     * deploy changed is put back and proven first (rollbackIfChanged); when it changed nothing, the error says so in
     * one line.
     */
    async guarded(step, counts) {
        const asked = this.settings.rollbackOnFailure;
        try {
            return await withRollback(step, counts, asked ? () => this.rollbackIfChanged() : undefined);
        }
        catch (error) {
            if (asked && error instanceof ForeignPackageError)
                error.message += ' Not rolled back: that would undo a change this run did not make.';
            throw error;
        }
    }
    /**
     * After a failed deploy, rolls back what the step changed, decided from what it did by then: the package (or a
     * transport that may have landed), constants it set, or a running app it stopped. A step that changed none of
     * them says so in one line: there is nothing to roll back.
     */
    async rollbackIfChanged() {
        const { previousId } = this;
        const mode = this.settings.environment;
        if (previousId === undefined)
            return {
                ok: false,
                sentence: `Nothing to roll back: the ${mode} environment had no package before this run.`
            };
        const packageMayDiffer = this.holds() !== previousId;
        const stoppedByUs = this.initialStatus === 'Running' && this.left.kind !== 'running';
        if (!packageMayDiffer && !stoppedByUs && this.constantsToRestore.length === 0)
            return {
                ok: false,
                sentence: `Nothing to roll back: package ${previousId} was the ${mode} environment's package before this run too.`
            };
        return this.rollback(previousId);
    }
    /** Whether a failure of the deploy counts as a failed deploy: it changed the environment, and was no cancel. */
    deployFailed(error) {
        return (error instanceof Error &&
            !(error instanceof errors/* CancelledError */.cc) &&
            !(error instanceof ForeignPackageError) &&
            this.left.kind !== 'untouched');
    }
    /** Lists, without changing anything, what the deploy would do. */
    async dryRun(environment, reused) {
        const { api, log, progress } = this.deps;
        const s = this.settings;
        const mode = s.environment;
        const lines = [
            s.packageFile
                ? `upload ${s.packageFile.name} (${s.packageFile.size} bytes) through the v2 upload (no build)`
                : s.runnerBuild
                    ? `build ${s.runnerBuild.mprPath} in the runner with MxBuild ${s.runnerBuild.mendixVersion}, and upload it through the v2 upload`
                    : reused
                        ? `reuse package ${reused} (no build)`
                        : `build ${s.branch}@${s.revision} as version ${await (0,versions/* plannedVersion */.Rh)(s.version, () => this.versionedPackages())}`,
            ...(s.backup ? [`back up the ${mode} environment`] : []),
            environment.Status === 'Running'
                ? `stop the ${mode} environment (now Running)`
                : `no stop (the environment is ${environment.Status})`,
            `transport ${reused ?? 'the new package'}`
        ];
        if (s.constants.length > 0) {
            const current = (await api.getSettings(mode, this.deadline())).Constants ?? [];
            for (const constant of s.constants) {
                const before = current.find(c => c.Name === constant.name);
                const shown = (value) => (constant.secret ? '***' : JSON.stringify(value));
                lines.push(before
                    ? `set constant ${constant.name}: ${shown(before.Value)} -> ${shown(constant.value)}`
                    : `set constant ${constant.name} (not in the environment yet: the package must bring it) to ${shown(constant.value)}`);
            }
        }
        lines.push(`start with AutoSyncDb ${s.autoSyncDb}`);
        lines.forEach(line => log.info(line));
        progress.sections.push({ title: `Dry run: the steps for the ${mode} environment`, lines });
        log.info('Dry run: nothing was built, and nothing was changed.');
    }
    /** Records what the environment is left in, and keeps the sentence a failure or a cancel prints exact. */
    leave(left) {
        this.left = left;
        this.deps.progress.environmentNote = this.describe(left);
        if (left.kind === 'stopped' || left.kind === 'transport-sent')
            this.deps.progress.output('state', 'Stopped');
        if (left.kind === 'running')
            this.deps.progress.output('state', 'Running');
    }
    /** The package the environment holds now, when known. */
    holds() {
        const left = this.left;
        if (left.kind === 'untouched')
            return this.previousId;
        return left.kind === 'transport-sent' ? undefined : left.packageId;
    }
    /** Whether the app may be running or starting: a transport is then refused (APP_IS_RUNNING), so stop first. */
    mayRun() {
        return ['stop-sent', 'start-sent', 'starting', 'running'].includes(this.left.kind);
    }
    /** The ways to start the environment as it is, for a person reading a failure. */
    waysToStart() {
        const mode = this.settings.environment;
        return (`Start Application on the ${mode} environment's page in the Mendix Portal, or POST ${this.deps.api.environmentUrl(mode)}/start ` +
            `with the body {"AutoSyncDb": ${this.settings.autoSyncDb}} and your Mendix-Username and Mendix-ApiKey headers (Deploy API v1); ` +
            'or re-run this workflow once the cause is fixed.');
    }
    /** A package in words: the previous one, the new one, or by its id. */
    packageWords(packageId) {
        if (packageId === this.previousId)
            return `its previous package ${packageId}`;
        return packageId === this.newId ? `the new package ${packageId}` : `package ${packageId}`;
    }
    /** One sentence on what the environment was left in, and, when it may be stopped, exactly how to start it. */
    describe(left) {
        const mode = this.settings.environment;
        const ways = this.waysToStart();
        switch (left.kind) {
            case 'untouched':
                return `The ${mode} environment was not changed (it was ${this.initialStatus ?? 'as before'}${this.previousId ? ` with package ${this.previousId}` : ''} when the step began).`;
            case 'stop-sent':
                return `The environment may be stopped: a stop was sent. To start it: ${ways}`;
            case 'stopped':
                return left.packageId !== undefined &&
                    left.packageId === this.newId &&
                    left.packageId !== this.previousId
                    ? this.stoppedWithNew(left.packageId, left.failedStart === true)
                    : left.asBefore
                        ? `The environment is stopped with ${left.packageId ? this.packageWords(left.packageId) : 'its previous package'}, as it was when the step began.`
                        : `The environment is stopped${left.packageId ? ` with ${this.packageWords(left.packageId)}` : ''}. To start it: ${ways}`;
            case 'transport-sent':
                return (`The environment is stopped with package ${left.packageId}, or still with ${left.before ? `package ${left.before}` : 'its earlier package'} ` +
                    `if the transport did not take effect (it was sent without a clear answer). To start it: ${ways}`);
            case 'start-sent':
                return (`A start of the environment${left.packageId ? ` with ${this.packageWords(left.packageId)}` : ''} was sent without a clear answer: ` +
                    `it is starting, or still stopped. Check it on the ${mode} environment's page in the Mendix Portal; if it is stopped, start it: ${ways}`);
            case 'starting':
                return (`The environment was starting${left.packageId ? ` with ${this.packageWords(left.packageId)}` : ''}${left.jobId ? ` (start job ${left.jobId})` : ''}, ` +
                    `not yet seen running: check it on the ${mode} environment's page in the Mendix Portal; if it is stopped, start it: ${ways}`);
            case 'running':
                return left.packageId
                    ? `The environment runs ${this.packageWords(left.packageId)}${left.packageId === this.newId || left.packageId === this.previousId ? '' : ', which this run did not put there'}.`
                    : 'The environment runs.';
        }
    }
    /** Stopped with the new package: how to start it, and how to put the previous package back instead. */
    stoppedWithNew(packageId, failedStart) {
        const back = this.previousId
            ? ` To run the previous package ${this.previousId} instead, first POST ${this.deps.api.environmentUrl(this.settings.environment)}/transport with the body {"PackageId": "${this.previousId}"}.`
            : '';
        return (`The environment is stopped with the new package. To start it: ${this.waysToStart()} ` +
            `It then runs package ${packageId}${failedStart ? ', whose start has just failed' : ''}.${back}`);
    }
    /**
     * Puts back what a failed deploy changed, from wherever it left the environment: stops it first when it may be
     * running or starting (the API refuses a transport then, with APP_IS_RUNNING), transports the previous package
     * unless the environment still holds it, writes back the constants the deploy set and reads them back, then
     * starts it and reads the environment until it runs that package, or, when it was not running before the step,
     * leaves it stopped and reads that it is. `rolledBack` is set only then. A cancel ends the rollback as it ends
     * the step: it is not a failed rollback.
     */
    async rollback(previousId) {
        const { log, progress } = this.deps;
        const mode = this.settings.environment;
        const wasRunning = this.initialStatus === 'Running';
        this.deps.timeout.useReserve();
        log.warning(`Rolling back the ${mode} environment to package ${previousId}`, 'Rollback');
        try {
            if (this.mayRun()) {
                log.info(`Stopping the ${mode} environment first: it may be running or starting`);
                await this.stopEnvironment(mode);
            }
            if (!(this.left.kind === 'stopped' && this.left.packageId === previousId)) {
                await this.transport(mode, previousId);
            }
            const restored = await this.restoreConstants(mode, previousId);
            const withConstants = restored.length ? ` the constants it had (${restored.join(', ')})` : '';
            let sentence;
            if (wasRunning) {
                await this.startAndVerify(mode, previousId, { wait: true, deploying: false });
                sentence = `Rolled back: the environment runs package ${previousId} again${withConstants ? `, with${withConstants}` : ''}.`;
            }
            else {
                await this.verifyStoppedWith(mode, previousId);
                sentence = `Rolled back: restored package ${previousId}${withConstants ? ` and${withConstants}` : ''}; the environment stays stopped, as it was before.`;
            }
            progress.output('rolledBack', 'true');
            progress.environmentChanged = 'no';
            return { ok: true, sentence };
        }
        catch (error) {
            if (error instanceof errors/* CancelledError */.cc)
                throw error;
            return failedRollback(previousId, error);
        }
    }
    /**
     * Writes back the value each constant the deploy set had before the step (Set Environment Settings, Deploy API
     * v1: the document read from the same URI, with those values), then reads the settings again to see that they
     * hold. Returns the names written back. The values are never printed: a constant may be secret.
     */
    async restoreConstants(mode, previousId) {
        const { api, log } = this.deps;
        const restore = this.constantsToRestore;
        if (restore.length === 0)
            return [];
        const names = restore.map(r => r.name);
        const settings = await api.getSettings(mode, this.deadline());
        const absent = names.filter(name => !settings.Constants?.some(c => c.Name === name));
        if (absent.length > 0) {
            throw new errors/* VerificationError */.mk(`Could not put back constant(s) ${absent.join(', ')}: the ${mode} environment's settings with package ${previousId} do not list them.`);
        }
        for (const { name, value } of restore)
            settings.Constants.find(c => c.Name === name).Value = value;
        await api.setSettings(mode, settings, this.deadline());
        const readBack = (await api.getSettings(mode, this.deadline())).Constants ?? [];
        const wrong = restore
            .filter(({ name, value }) => readBack.find(c => c.Name === name)?.Value !== value)
            .map(r => r.name);
        if (wrong.length > 0) {
            throw new errors/* VerificationError */.mk(`Wrote back the value constant(s) ${wrong.join(', ')} had before this run, but the ${mode} environment's settings read back another.`);
        }
        log.info(`Put back the value ${names.join(', ')} had before this run (read back)`);
        return names;
    }
    /**
     * For a rollback of an environment that was stopped when the step began: one read of its status and one of its
     * package (Retrieve Environment, Retrieve Environment Package) show it stopped with `packageId`.
     */
    async verifyStoppedWith(mode, packageId) {
        const { api } = this.deps;
        const environment = await api.getEnvironment(mode, this.deadline());
        const holds = (await api.environmentPackage(mode, this.deadline()))?.PackageId;
        if (environment.Status !== 'Stopped' || holds !== packageId) {
            throw new errors/* VerificationError */.mk(`After the rollback the ${mode} environment reads ${environment.Status} with ${holds ? `package ${holds}` : 'no package'}, not Stopped with package ${packageId}.`);
        }
        this.leave({ kind: 'stopped', packageId, asBefore: true });
    }
    /** A package built earlier from the same branch, revision and version, when reuse is on. */
    async reusable() {
        const { api } = this.deps;
        if (!this.settings.reuse)
            return undefined;
        const found = (await api.listPackages(this.deadline())).find(p => p.Status === 'Succeeded' && p.Description?.includes(this.settings.buildIdentity));
        if (!found)
            return undefined;
        announceReuse(found.PackageId, this.settings, this.deps);
        this.deps.progress.output('version', (0,versions/* versionCore */.C0)(found.Version));
        return found.PackageId;
    }
    /** The app's packages with their versions, read now (issue 26). */
    async versionedPackages() {
        const packages = await this.deps.api.listPackages(this.deadline());
        return packages.map(p => ({ id: p.PackageId, version: p.Version, description: p.Description }));
    }
    async buildNew() {
        const s = this.settings;
        this.deps.progress.output('reused', 'false');
        const packageId = await this.phases.run('build', `Build ${s.branch}@${s.revision} as ${(0,versions/* versionWords */.WS)(s.version)}`, () => this.build());
        this.deps.log.info(`Built package ${packageId} in ${this.phases.lastTime()}`);
        return packageId;
    }
    /** build: runner - MxBuild makes the package on this runner; it is uploaded as a packageFile is. */
    async buildInRunner() {
        const { runnerBuild, log, progress } = this.deps;
        if (!runnerBuild)
            throw new Error('build: runner was asked for, but the step has no build in the runner.');
        const version = await (0,versions/* versionForRunnerBuild */.gL)(this.settings.version, () => this.versionedPackages(), log, progress);
        const { file } = await runnerBuild(this.deadline(), version);
        if (file.size > UPLOAD_LIMIT_BYTES) {
            throw new errors/* JobError */.CR(`MxBuild's package ${file.name} is ${file.size} bytes; the Deploy API v2 uploads at most 1 GB (${UPLOAD_LIMIT_BYTES} bytes). Nothing was uploaded or changed.`, '');
        }
        return this.uploadNew(file);
    }
    async uploadNew(file) {
        this.deps.progress.output('reused', 'false');
        const packageId = await this.phases.run('upload', `Upload ${file.name}`, () => this.upload(file));
        this.deps.log.info(`Uploaded ${file.name} as package ${packageId} in ${this.phases.lastTime()}`);
        return packageId;
    }
    /**
     * The app's project id and the environment. Constant names are checked only after the transport, when the
     * settings list the constants the new package brings; names not there yet are mentioned now.
     */
    async resolve() {
        const { api, log } = this.deps;
        const mode = this.settings.environment;
        const app = await api.getApp(this.deadline());
        const environment = await api.getEnvironment(mode, this.deadline());
        // An app URL the unit tests would refuse is refused now, before anything is stopped (app-url.ts).
        const refused = (0,app_url/* appUrlProblems */.tg)(environment.Url, mode, this.settings);
        if (refused.length > 0)
            throw new errors/* InputError */.dz(refused);
        if (this.settings.constants.length > 0) {
            const known = (await api.getSettings(mode, this.deadline())).Constants ?? [];
            // Kept for a rollback, which writes back what the deploy changed (issue 23).
            this.constantsBefore = new Map(known.map(k => [k.Name, k.Value]));
            const absent = missingConstants(this.settings.constants, known.map(k => k.Name), '').names;
            if (absent.length > 0) {
                log.info(`Constant(s) ${absent.join(', ')} not in the ${mode} environment yet: the new package ` +
                    'must bring them; checked after the transport, before the start.');
            }
        }
        return { projectId: app.ProjectId, environment };
    }
    async build() {
        const { api, log, progress } = this.deps;
        const s = this.settings;
        let packageId;
        try {
            ;
            ({ started: packageId } = await (0,versions/* startVersionedBuild */.Gm)({
                choice: s.version,
                list: () => this.versionedPackages(),
                // Mendix Cloud's version input always gives one: fixed, or patch by default.
                start: version => api.startBuild({ Branch: s.branch, Revision: s.revision, Version: version, Description: s.description }, this.deadline()),
                log,
                progress
            }));
        }
        catch (error) {
            // The documented BUILD_FAILED is the service's answer: the build failed, and nothing else happened.
            if (error instanceof KnownFailure && error.serviceCode === 'BUILD_FAILED') {
                throw new errors/* JobError */.CR(`The build of ${s.branch}@${s.revision} failed: the Build API answered ${error.status} BUILD_FAILED` +
                    `${error.said ? ` (${error.said})` : ''}. ${error.meaning} Nothing was changed.`, '');
            }
            if (!(error instanceof src_http/* ApiError */.hD) || !error.outcomeUnknown)
                throw error;
            packageId = await recoverUnknownBuild(error, s.runMarker, async () => (await api.listPackages(this.deadline())).find(p => p.Description?.includes(s.runMarker))
                ?.PackageId, log);
        }
        progress.output('packageId', packageId);
        log.info(`Package ${packageId} is building`);
        const status = await this.waitFor(`Package ${packageId}`, async () => {
            const pkg = await api.getPackage(packageId, this.deadline());
            return BUILDING.has(pkg.Status)
                ? { done: false, status: pkg.Status }
                : { done: true, value: pkg.Status };
        }, 'build');
        if (status !== 'Succeeded') {
            throw new errors/* JobError */.CR(`The build of ${s.branch}@${s.revision} failed: package ${packageId} ended as ${status}. See its build output in the Mendix Portal. Nothing was changed.`, packageId);
        }
        return packageId;
    }
    /** Uploads the file through the Deploy API v2 and waits for its job; a failed upload changes nothing. */
    async upload(file) {
        const { api, log, progress } = this.deps;
        log.info(`Uploading ${file.name} (${(file.size / 1024 / 1024).toFixed(1)} MB)`);
        let upload;
        try {
            upload = await api.uploadPackage(file, this.deadline());
        }
        catch (error) {
            if (error instanceof src_http/* ApiError */.hD && error.outcomeUnknown) {
                error.message +=
                    ' The package may have arrived all the same: a re-run uploads it again, which only adds a second package. Nothing was stopped or changed.';
            }
            throw error;
        }
        const { packageId, jobId } = upload;
        progress.output('packageId', packageId);
        progress.jobStarted({ kind: 'upload', id: jobId, url: api.uploadJobUrl(jobId) });
        log.info(`Package ${packageId} is being processed (upload job ${jobId})`);
        const status = await this.waitFor(`Upload job ${jobId}`, async () => {
            const current = await api.uploadJobStatus(jobId, this.deadline());
            return UPLOAD_ENDED.has(current) ? { done: true, value: current } : { done: false, status: current };
        });
        progress.jobEnded(jobId);
        if (status !== 'Completed') {
            throw new errors/* JobError */.CR(`The upload of ${file.name} failed (job ${jobId}): it ended as ${status}. Nothing was stopped or changed.`, jobId);
        }
        return packageId;
    }
    /** Takes a snapshot and waits for it; a failed backup stops the deploy before anything is changed. */
    async backup(projectId, environmentId, packageId) {
        const { api, log, progress } = this.deps;
        const comment = `Before deploying package ${packageId} ${this.settings.runMarker}`;
        let snapshotId;
        try {
            snapshotId = (await api.createSnapshot(projectId, environmentId, comment, this.deadline())).snapshot_id;
        }
        catch (error) {
            if (!(error instanceof src_http/* ApiError */.hD) || !error.outcomeUnknown)
                throw error;
            const found = (await api.listSnapshots(projectId, environmentId, this.deadline())).find(x => x.comment === comment);
            if (!found)
                throw new errors/* JobError */.CR(`${error.message} Could not tell whether a backup started; nothing was stopped or changed.`, '');
            snapshotId = found.snapshot_id;
        }
        progress.output('snapshotId', snapshotId);
        log.info(`Snapshot ${snapshotId} requested`);
        const snapshot = await this.waitFor(`Backup ${snapshotId}`, async () => {
            const current = await api.getSnapshot(projectId, environmentId, snapshotId, this.deadline());
            return current.state === 'completed' || current.state === 'failed'
                ? { done: true, value: current }
                : { done: false, status: current.state };
        });
        if (snapshot.state !== 'completed') {
            throw new errors/* JobError */.CR(`The backup (snapshot ${snapshotId}) of the ${this.settings.environment} environment failed: ${snapshot.status_message || 'no reason given'}. ` +
                'Nothing was stopped or changed; the environment still runs its previous package.', snapshotId);
        }
        return snapshotId;
    }
    /** Stops, transports, sets constants and starts; the environment as read once it runs the package (with wait). */
    async deploy(environment, packageId) {
        const { log, progress } = this.deps;
        const mode = this.settings.environment;
        if (environment.Status === 'Running') {
            this.refuseStopWithoutTime(mode);
            log.info(`Stopping the ${mode} environment`);
            progress.environmentChanged = 'maybe';
            await this.stopEnvironment(mode);
        }
        else {
            log.info(`The ${mode} environment is ${environment.Status}; no need to stop it`);
        }
        await this.transport(mode, packageId);
        progress.environmentChanged = 'yes';
        if (this.settings.constants.length > 0)
            await this.applyConstants(mode, packageId);
        return this.startAndVerify(mode, packageId, { wait: this.settings.wait, deploying: true });
    }
    /**
     * Refuses to stop a running environment when what is left of the budget cannot cover the stop, the transport
     * and the start (STOP_FLOOR): a build or a backup may have used it up, and once stopped only a start brings the
     * app back, so a stop sent now would end the step at its deadline with the app down.
     */
    refuseStopWithoutTime(mode) {
        const { timeout } = this.deps;
        const floor = Math.min(STOP_FLOOR_CAP_MS, timeout.ms * STOP_FLOOR_SHARE);
        const left = this.deadline().remainingMs();
        if (left >= floor)
            return;
        throw new errors/* JobError */.CR(`Not stopping the ${mode} environment: only ${(0,logger/* seconds */.Y)(Math.max(0, left))} of timeoutMinutes (${this.settings.timeoutMinutes}) left` +
            `${timeout.reserveMs > 0 ? ' besides the quarter kept for a rollback' : ''}, and the stop, the transport and the start need at least ${(0,logger/* seconds */.Y)(floor)}; nothing was changed. ` +
            "Re-run with a larger timeoutMinutes (and the job's timeout-minutes above it).", '');
    }
    /** Stops the environment and waits until it no longer runs; after a STOP_FAILED, reads what it is. */
    async stopEnvironment(mode) {
        const { api, progress } = this.deps;
        const before = this.left;
        const holds = this.holds();
        this.leave({ kind: 'stop-sent', packageId: holds });
        try {
            await api.stop(mode, this.deadline());
        }
        catch (error) {
            if (error instanceof KnownFailure && error.serviceCode === 'STOP_FAILED')
                await this.afterFailedStop(mode, before, holds);
            throw error;
        }
        await this.waitFor(`The ${mode} environment`, async () => {
            const current = await api.getEnvironment(mode, this.deadline());
            return current.Status === 'Running'
                ? { done: false, status: 'stopping' }
                : { done: true, value: current };
        });
        // A stop ends a start still under way.
        if (before.kind === 'starting' && before.jobId)
            progress.jobEnded(before.jobId);
        this.leave({ kind: 'stopped', packageId: holds });
    }
    /** The service could not stop the app (STOP_FAILED): one read says whether it still runs. */
    async afterFailedStop(mode, before, holds) {
        const now = await this.deps.api.getEnvironment(mode, this.deadline()).catch(() => undefined);
        // Without a read, the environment may be stopped: 'stop-sent' says so.
        if (!now)
            return;
        if (now.Status !== 'Running')
            this.leave({ kind: 'stopped', packageId: holds });
        else
            this.leave(before.kind === 'untouched' ? before : { kind: 'running', packageId: holds });
    }
    /**
     * Transports the package to the stopped environment, waiting out the 503 the service answers while it still
     * processes a new package, until the deadline. Each request is recorded as sent before it goes out, as the stop
     * and the start are: a cancel while it is under way must not claim the environment still holds its earlier
     * package, since the transport may land all the same.
     */
    async transport(mode, packageId) {
        const { api, log, clock, signal } = this.deps;
        const deadline = this.deadline();
        const left = this.left;
        const before = this.holds();
        const started = clock.now();
        log.info(`Transporting package ${packageId}`);
        for (let attempt = 0;; attempt++) {
            this.leave({ kind: 'transport-sent', packageId, before });
            try {
                await api.transport(mode, packageId, deadline);
                this.leave({ kind: 'stopped', packageId });
                return;
            }
            catch (error) {
                // An answer that refuses it means the transport did not take effect; anything else (no answer, a cancel,
                // a 5xx without a documented code) leaves both packages possible.
                if (refusedTransport(error))
                    this.leave(left);
                const processing = error instanceof src_http/* ApiError */.hD && error.status === 503;
                if (!processing)
                    throw error;
                if (deadline.remainingMs() <= 0) {
                    throw new errors/* JobError */.CR(`Gave up transporting package ${packageId} to the ${mode} environment after ${(0,logger/* seconds */.Y)(clock.now() - started)}, ` +
                        `at the deadline (timeoutMinutes: ${this.settings.timeoutMinutes}): ${error.message}`, '');
                }
                const delay = error.retryAfterMs ?? Math.max(1000, (0,src_clock/* backoffDelay */.EY)(attempt, Math.random));
                log.info(`The package is still being processed; trying the transport again in ${(0,logger/* seconds */.Y)(delay)}`);
                await clock.sleep(Math.min(delay, deadline.remainingMs()), signal);
            }
        }
    }
    /** Sets the constants, checking their names against the settings read now: a new package brings its own. */
    async applyConstants(mode, packageId) {
        const { api, log } = this.deps;
        const settings = await api.getSettings(mode, this.deadline());
        const known = settings.Constants ?? [];
        const missing = missingConstants(this.settings.constants, known.map(k => k.Name), `the ${mode} environment, even with package ${packageId} transported`, 'no constant was set, and the environment was not started');
        if (missing.names.length > 0)
            throw new errors/* VerificationError */.mk(missing.sentence);
        for (const constant of this.settings.constants) {
            const target = settings.Constants?.find(c => c.Name === constant.name);
            if (target)
                target.Value = constant.value;
        }
        // Recorded before the request, which may land without an answer. A constant new in this package is left
        // out: the previous package a rollback puts back does not have it.
        this.constantsToRestore = this.settings.constants.flatMap(({ name, value }) => {
            const before = this.constantsBefore.get(name);
            return before === undefined || before === value ? [] : [{ name, value: before }];
        });
        await api.setSettings(mode, settings, this.deadline());
        log.info(`Set ${this.settings.constants.length} constant(s): ${this.settings.constants.map(c => c.name).join(', ')}`);
    }
    /**
     * Starts the stopped environment, which holds `packageId`, waits for the start job, then reads the environment
     * until it runs that package: the start job's `Started` alone is not taken as proof. Without `wait`, returns once
     * the start is accepted. `deploying`: the deploy's own start, whose job id is an output.
     */
    async startAndVerify(mode, packageId, options) {
        const { api, log, progress } = this.deps;
        this.leave({ kind: 'start-sent', packageId });
        let started;
        try {
            started = await api.start(mode, this.settings.autoSyncDb, this.deadline());
        }
        catch (error) {
            if (error instanceof KnownFailure && error.serviceCode === 'APP_ALREADY_HAS_A_STARTING_JOB')
                this.leave({ kind: 'starting', packageId });
            else if (!(error instanceof errors/* CancelledError */.cc) && !(error instanceof src_http/* ApiError */.hD && error.outcomeUnknown))
                this.leave({ kind: 'stopped', packageId });
            throw error;
        }
        if (started === 'already-started') {
            log.warning(`The ${mode} environment was already running when the action started it: someone else started it meanwhile.`, 'Already started');
            this.leave({ kind: 'starting', packageId });
        }
        else {
            if (options.deploying)
                progress.output('startJobId', started);
            this.leave({ kind: 'starting', packageId, jobId: started });
            log.info(`Start job ${started} (AutoSyncDb: ${this.settings.autoSyncDb})`);
            if (!options.wait) {
                log.info('The start was accepted; not waiting for the app to run (wait: false).');
                return undefined;
            }
            progress.jobStarted({ kind: 'start', id: started, url: api.startJobUrl(mode, started) });
            await this.awaitStart(mode, started, packageId);
            progress.jobEnded(started);
        }
        if (!options.wait)
            return undefined;
        const running = await this.verifyRuns(mode, packageId);
        this.leave({ kind: 'running', packageId });
        return running;
    }
    /**
     * Polls a start job until `Started`. A failed start arrives as an HTTP error with a documented code: the app is
     * then stopped, and the error says why and what to do.
     */
    async awaitStart(mode, jobId, packageId) {
        try {
            await this.waitFor(`Start job ${jobId}`, async () => {
                const status = await this.deps.api.startStatus(mode, jobId, this.deadline());
                return status === 'Started' ? { done: true, value: status } : { done: false, status };
            }, 'start');
        }
        catch (error) {
            if (!(error instanceof src_http/* ApiError */.hD) ||
                error.status === undefined ||
                error.status < 500 ||
                (0,src_http/* isTransientPollError */.gc)(error, 0))
                throw error;
            this.deps.progress.jobEnded(jobId);
            this.leave({ kind: 'stopped', packageId, failedStart: true });
            const empty = error.serviceCode === 'MISSING_CONSTANT' ? await this.constantsWithoutValue(mode) : '';
            throw new errors/* JobError */.CR(`The ${mode} environment did not start with package ${packageId}: ${error.serviceMessage ?? error.message} ` +
                `${startAdvice(error.status, error.serviceCode)}${empty}`, jobId);
        }
    }
    /**
     * Reads the environment until it runs `packageId`: Status Running (Deploy API v1, Retrieve Environment) and that
     * package (Retrieve Environment Package). A read that does not show it running yet is waited out until the
     * deadline; a read that shows another package fails at once.
     */
    async verifyRuns(mode, packageId) {
        const { api } = this.deps;
        return this.waitFor(`the ${mode} environment to run package ${packageId}`, async () => {
            const environment = await api.getEnvironment(mode, this.deadline());
            if (environment.Status !== 'Running')
                return { done: false, status: environment.Status };
            const runs = (await api.environmentPackage(mode, this.deadline()))?.PackageId;
            if (runs === undefined)
                return { done: false, status: 'Running, with no package shown yet' };
            if (runs !== packageId) {
                this.leave({ kind: 'running', packageId: runs });
                throw new ForeignPackageError(`After the start of package ${packageId}, the ${mode} environment runs package ${runs}: someone or something else changed it meanwhile.`);
            }
            return { done: true, value: environment };
        });
    }
    /** For a MISSING_CONSTANT: a sentence naming the constants without a value, or '' when none can be named. */
    async constantsWithoutValue(mode) {
        try {
            const constants = (await this.deps.api.getSettings(mode, this.deadline())).Constants ?? [];
            const names = constants.filter(c => !c.Value).map(c => c.Name);
            return names.length ? ` Constants without a value in the ${mode} environment: ${names.join(', ')}.` : '';
        }
        catch {
            return '';
        }
    }
}

// EXTERNAL MODULE: ./src/input-table.ts + 2 modules
var input_table = __nccwpck_require__(3015);
;// CONCATENATED MODULE: ./src/masking.ts
/**
 * Secrets are masked before anything can print them: the secret inputs first, then the new values of settings
 * marked secret, then (as each answer is read) the values those settings held before. Every form is masked: raw,
 * JSON-escaped, URL-encoded and base64 (output.ts).
 */


/**
 * Masks the secret inputs (the rows the input table marks `secret`) before anything else runs, even when they
 * turn out to be malformed.
 */
function maskSecretInputs(rows = input_table/* INPUTS */.mc) {
    for (const [name, row] of Object.entries(rows).filter(([, candidate]) => candidate.secret)) {
        // A secret given under a former name (the input was renamed) is masked the same way.
        for (const raw of [name, ...(row.formerNames ?? [])].map(input => output.getInput(input))) {
            if (!raw)
                continue;
            output.setSecret(raw);
            if (row.secret === 'whole')
                continue;
            // A malformed token or key with spaces or line breaks is masked piece by piece too, so no part of it shows.
            const pieces = raw.split(/\s+/).filter(Boolean);
            if (pieces.length > 1)
                pieces.forEach(piece => output.setSecret(piece));
        }
    }
    // A password in apiUrl is refused as input, but it must not show in the refusal either.
    const password = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:([^/@\s]+)@/i.exec(output.getInput('apiUrl'))?.[1];
    if (password) {
        output.setSecret(password);
        try {
            output.setSecret(decodeURIComponent(password));
        }
        catch {
            // Not percent-encoded: the raw form is masked already.
        }
    }
}
/** Masks the values of constants and environment variables given as `secret Name=value`. */
function maskSecretValues(settings) {
    const items = [
        ...settings.constants,
        ...(settings.target === 'private-cloud' ? settings.environmentVariables : [])
    ];
    for (const item of items)
        if (item.secret && item.value)
            output.setSecret(item.value);
}
/** The names of the settings given as `secret Name=value`. */
function secretNames(items) {
    return new Set(items.filter(item => item.secret).map(item => item.name));
}
/**
 * Masks values a server answered with for settings marked secret (their values before the deploy), every string
 * within them included, as soon as the answer is read: a later error that echoes one cannot print it.
 */
function maskFoundValues(values) {
    for (const value of values) {
        if (typeof value === 'string')
            output.setFoundSecret(value);
        else if (typeof value === 'number')
            output.setFoundSecret(String(value));
        else if (value && typeof value === 'object')
            maskFoundValues(Object.values(value));
    }
}

;// CONCATENATED MODULE: ./src/mendix-cloud/secret-settings.ts


/** The fields of a constant that say what it is, not what it holds. */
const DESCRIPTIVE = new Set(['Name', 'DataType']);
/** What the settings hold for the constants marked secret. */
function secretConstantValues(settings, constants) {
    const names = secretNames(constants);
    return (Array.isArray(settings.Constants) ? settings.Constants : [])
        .filter(constant => names.has(constant?.Name))
        .flatMap(constant => Object.entries(constant)
        .filter(([key]) => !DESCRIPTIVE.has(key))
        .map(([, v]) => v));
}
class SecretMaskingCloudApi extends MendixCloudApi {
    constants;
    constructor(http, apiUrl, appId, constants) {
        super(http, apiUrl, appId);
        this.constants = constants;
    }
    async getSettings(mode, deadline) {
        const settings = await super.getSettings(mode, deadline);
        maskFoundValues(secretConstantValues(settings, this.constants));
        return settings;
    }
}

;// CONCATENATED MODULE: ./src/mendix-cloud/target.ts




function api(settings, context) {
    return new SecretMaskingCloudApi(context.http(apiKeyCredentials(settings.username, settings.apiKey)), settings.apiUrl, settings.appId, settings.constants);
}
const mendixCloud = {
    // The App Repository API knows the app by its ProjectId, which the v1 app record holds.
    repositoryAppId: async (settings, context, deadline) => (0,untrusted/* checkServerId */.Zq)('ProjectId', (await api(settings, context).getApp(deadline)).ProjectId),
    create(settings, context) {
        return new MendixCloudFlow(settings, { ...context, api: api(settings, context) });
    }
};

;// CONCATENATED MODULE: ./src/mxbuild/on-demand.ts
/**
 * The settings as read, with the plan of a build in the runner when `build: runner` asks for one (preflight.ts:
 * the app, its Mendix version, the JDK, whose code it is); or the problems, for the step to refuse before any
 * download or request.
 */
async function withBuildPlan(read, env = process.env) {
    if (Array.isArray(read) || read.build !== 'runner')
        return read;
    const { planRunnerBuild } = await __nccwpck_require__.e(/* import() */ 463).then(__nccwpck_require__.bind(__nccwpck_require__, 5463));
    const plan = await planRunnerBuild(read, env);
    return Array.isArray(plan) ? plan : { ...read, runnerBuild: plan };
}
/** The build step for the step's parts, with a planned build in the runner; undefined otherwise. */
function runnerBuildHook(settings, deps) {
    if (!settings.runnerBuild)
        return undefined;
    return async (deadline, modelVersion) => {
        const { buildInRunner } = await __nccwpck_require__.e(/* import() */ 446).then(__nccwpck_require__.bind(__nccwpck_require__, 5446));
        return buildInRunner(settings, deps, deadline, undefined, modelVersion);
    };
}

;// CONCATENATED MODULE: ./src/private-cloud/jobs.ts
/** The job endpoint both Private Cloud APIs share: `GET /jobs/{jobId}`. */



const TERMINAL_STATUSES = new Set(['finished', 'failed']);
function isJob(value) {
    const job = value;
    return (!!job &&
        typeof job === 'object' &&
        typeof job.id === 'string' &&
        job.id !== '' &&
        typeof job.status === 'string');
}
/** Reads the job from a 202 answer, or throws saying the answer had none. */
function jobFromAccepted(response, method, path, action) {
    if (!isJob(response.body)) {
        throw new src_http/* ApiError */.hD(`Could not ${action}: ${method} ${path} answered ${response.status} without a job id, so the action cannot follow it.`, { method, url: path, status: response.status, outcomeUnknown: true });
    }
    return { id: (0,untrusted/* checkServerId */.Zq)('job id', response.body.id) };
}
/** Sends a request the service answers with a job (a 202), and reads the job from the answer. */
async function requestJob(http, options) {
    const response = await http.request(options);
    return jobFromAccepted(response, options.method, options.path, options.action);
}
class JobsClient {
    http;
    constructor(http) {
        this.http = http;
    }
    /** The documented path to poll, below the API URL the user gave. */
    pollPath(ref) {
        return `/jobs/${encodeURIComponent(ref.id)}`;
    }
    /** The job, and how long the service asked to wait before the next look (Retry-After), if it did. */
    async get(ref, options) {
        const base = this.pollPath(ref);
        const path = options.log ? `${base}${base.includes('?') ? '&' : '?'}log=true` : base;
        const response = await this.http.request({
            method: 'GET',
            path,
            retry: 'safe',
            action: `check job ${ref.id}`,
            scope: options.scope,
            deadline: options.deadline,
            // A build log can be huge: over the size cap, only its end is kept (where the error is).
            oversize: options.log ? 'tail' : 'refuse'
        });
        if (response.truncated) {
            const job = await this.get(ref, { ...options, log: false });
            return { ...job, log: { build: logFromTail(response.truncated) } };
        }
        if (!isJob(response.body)) {
            throw new src_http/* ApiError */.hD(`Could not check job ${ref.id}: the answer is not a job (it has no id or status).`, {
                method: 'GET',
                url: path,
                status: response.status,
                outcomeUnknown: false
            });
        }
        const retryAfterMs = (0,src_clock/* parseRetryAfter */.mu)(response.headers['retry-after'], options.now ?? Date.now());
        return retryAfterMs === undefined ? response.body : { ...response.body, retryAfterMs };
    }
}
/**
 * The readable end of a build log from the tail of a job answer too large to parse: the JSON string escapes
 * are undone and the closing JSON after the log dropped. Good enough for "the last lines", which is all it is for.
 */
function logFromTail({ bytes, tail }) {
    const text = tail
        .replace(/"\s*}[\s\S]*$/, '')
        .replace(/\\u([0-9a-fA-F]{4})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)))
        .replace(/\\([nrt"\\/])/g, (_, c) => ({ n: '\n', r: '', t: '\t' })[c] ?? c);
    return `[the job answer was ${bytes} bytes, over the size limit: only the end of the log was read]\n${text.slice(text.indexOf('\n') + 1)}`;
}

;// CONCATENATED MODULE: ./src/private-cloud/build-api.ts

const BUILD_SCOPES = {
    /** Building a package needs both (Build API docs, "Build package"). */
    build: 'mx:privatecloud-build:write and mx:modelrepository:write',
    read: 'mx:privatecloud-build:read'
};
/** The Build API's page size limit. */
const MAX_PAGE = 50;
class BuildApi {
    http;
    appId;
    /** The packages the last full listing (allPackages) showed, so that one run need not list them twice. */
    listed;
    constructor(http, appId) {
        this.http = http;
        this.appId = appId;
    }
    get appPath() {
        return `/apps/${encodeURIComponent(this.appId)}`;
    }
    /** Starts a build; sent once, since a second POST would start a second build. */
    async startBuild(request, deadline) {
        const path = `${this.appPath}/packages/build`;
        const action = `start the build of ${request.branch}@${request.revision}`;
        return requestJob(this.http, {
            method: 'POST',
            path,
            body: request,
            retry: 'once',
            action,
            scope: BUILD_SCOPES.build,
            deadline
        });
    }
    /** One page of packages (the API has no total: a page shorter than `limit` is the last). */
    async listPackages(offset, limit = MAX_PAGE, deadline) {
        const response = await this.http.request({
            method: 'GET',
            path: `${this.appPath}/packages?offset=${offset}&limit=${limit}`,
            retry: 'safe',
            action: 'list the deployment packages',
            scope: BUILD_SCOPES.read,
            deadline
        });
        return Array.isArray(response.body?.packages) ? response.body.packages : [];
    }
    /** Uploads an .mda, streamed; the answer is the upload job, which ends with the package id. */
    async uploadPackage(file, deadline) {
        const path = `${this.appPath}/packages`;
        const action = `upload ${file.name}`;
        const response = await this.http.upload({ path, action, scope: 'mx:privatecloud-build:write', deadline }, {
            fd: file.fd,
            size: file.size,
            fields: { fileName: file.name },
            fileField: 'file',
            fileName: file.name
        });
        return jobFromAccepted(response, 'POST', path, action);
    }
    /** Every package of the app, all pages. */
    async allPackages(deadline) {
        const all = [];
        for (let offset = 0;; offset += MAX_PAGE) {
            const page = await this.listPackages(offset, MAX_PAGE, deadline);
            all.push(...page);
            if (page.length < MAX_PAGE)
                return (this.listed = all);
        }
    }
    /**
     * The app's newest package: from the full listing this client already made in the run (the reuse check), or
     * else the first of a one-package page (the Build API lists the newest first, as the emulator does).
     */
    async newestPackage(deadline) {
        const byAge = (a, b) => (b.createdOn ?? '').localeCompare(a.createdOn ?? '');
        if (this.listed)
            return [...this.listed].sort(byAge)[0];
        return (await this.listPackages(0, 1, deadline))[0];
    }
    /** One package, with its build log when `log` is set. */
    async getPackage(packageId, options = {}, deadline) {
        const response = await this.http.request({
            method: 'GET',
            path: `${this.appPath}/packages/${encodeURIComponent(packageId)}${options.log ? '?log=true' : ''}`,
            retry: 'safe',
            action: `read package ${packageId}${options.log ? ' and its build log' : ''}`,
            scope: BUILD_SCOPES.read,
            deadline
        });
        return response.body?.package ?? {};
    }
    /** The newest unexpired package whose description contains `marker`. */
    async findPackageByMarker(marker, deadline, now = Date.now()) {
        const matches = (await this.allPackages(deadline)).filter(p => typeof p.description === 'string' &&
            p.description.includes(marker) &&
            !(p.expiryDate && Date.parse(p.expiryDate) <= now));
        return matches.sort((a, b) => (b.createdOn ?? '').localeCompare(a.createdOn ?? ''))[0];
    }
    /** Deletes a package; the answer is the delete job. */
    async deletePackage(packageId, deadline) {
        const path = `${this.appPath}/packages/${encodeURIComponent(packageId)}`;
        const action = `delete package ${packageId}`;
        return requestJob(this.http, {
            method: 'DELETE',
            path,
            retry: 'once',
            action,
            scope: 'mx:privatecloud-build:write',
            deadline
        });
    }
}

;// CONCATENATED MODULE: ./src/health.ts




/** Only the status matters; a body is read (to keep the connection usable) up to this size, then cut. */
const HEALTH_BODY_BYTES = 64 * 1024;
/** Polls `url` until it answers `expectedStatus`; a VerificationError (a failed deploy) at the deadline. */
async function waitForHealth(url, expectedStatus, deps) {
    const { transport, clock, log, signal, deadline } = deps;
    let last = 'no answer yet';
    await waitUntil({
        clock,
        signal,
        deadline,
        // A starting app refuses connections or answers 502/503 for a while: every failure is waited out.
        isTransient: () => true,
        maxConsecutiveErrors: Number.MAX_SAFE_INTEGER,
        poll: async () => {
            try {
                const response = await transport.send('GET', url, undefined, { Accept: '*/*' }, {
                    timeoutMs: Math.min(src_transport/* REQUEST_TIMEOUT_MS */.j2, Math.max(1000, deadline.remainingMs())),
                    maxBytes: HEALTH_BODY_BYTES,
                    oversize: 'tail',
                    signal
                });
                last = `HTTP ${response.status}`;
                return response.status === expectedStatus
                    ? { done: true, value: response.status }
                    : { done: false, status: last };
            }
            catch (error) {
                last = (0,errors/* messageOf */.bD)(error);
                throw error;
            }
        },
        onStatus: (status, elapsed) => log.info(`Health check ${url}: ${status} (after ${(0,logger/* seconds */.Y)(elapsed)})`),
        onTimeout: (_status, elapsed) => new errors/* VerificationError */.mk(`The app did not answer ${expectedStatus} at ${url} within ${(0,logger/* seconds */.Y)(elapsed)}; the last answer was ${last}. Check the app's logs.`)
    });
    log.info(`Health check ${url}: ${expectedStatus}`);
}

;// CONCATENATED MODULE: ./src/private-cloud/manifest.ts
function objectAt(value, key) {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
        const inner = value[key];
        if (inner && typeof inner === 'object' && !Array.isArray(inner))
            return inner;
    }
    return undefined;
}
function stringAt(value, key) {
    const inner = value && typeof value === 'object' ? value[key] : undefined;
    return typeof inner === 'string' ? inner : undefined;
}
function factsOf(manifest) {
    const environment = objectAt(manifest, 'environment');
    const properties = objectAt(environment, 'properties');
    const provider = objectAt(environment, 'provider');
    const deployment = objectAt(environment, 'deployment');
    const container = objectAt(environment, 'container');
    return {
        id: stringAt(environment, 'id'),
        name: stringAt(properties, 'name'),
        production: typeof properties?.production === 'boolean' ? properties.production : undefined,
        namespaceId: stringAt(provider, 'namespaceId'),
        namespace: stringAt(provider, 'namespace'),
        packageId: stringAt(deployment, 'packageId'),
        appUrl: stringAt(deployment, 'appUrl'),
        state: stringAt(container, 'state'),
        instances: typeof container?.instances === 'number' ? container.instances : undefined
    };
}
/** A copy of the manifest with one field of `environment.<section>` set and every other field as it was. */
function withField(manifest, section, field, value) {
    const copy = structuredClone(manifest);
    const target = objectAt(objectAt(copy, 'environment'), section);
    if (!target)
        throw new Error(`The environment manifest has no environment.${section} object to set ${field} in.`);
    target[field] = value;
    return copy;
}
/** A copy of the manifest with `environment.deployment.packageId` set and every other field as it was. */
function withPackageId(manifest, packageId) {
    return withField(manifest, 'deployment', 'packageId', packageId);
}
function arrayAt(parent, key) {
    if (!Array.isArray(parent[key]))
        parent[key] = [];
    return parent[key];
}
/** The names of the constants the manifest has. */
function knownConstants(manifest) {
    const constants = objectAt(objectAt(manifest, 'environment'), 'deployment')?.constants;
    return Array.isArray(constants) ? constants.map(c => String(c.name)) : [];
}
/** A copy of the manifest with the deploy's changes made and every other field as it was. */
function withDeployChanges(manifest, changes) {
    const scaled = changes.instances === undefined ? manifest : withInstances(manifest, changes.instances);
    const copy = withPackageId(scaled, changes.packageId);
    const environment = objectAt(copy, 'environment');
    const deployment = objectAt(environment, 'deployment');
    for (const constant of changes.constants ?? []) {
        const target = arrayAt(deployment, 'constants').find(c => c.name === constant.name);
        if (target)
            target.value = constant.value;
    }
    if (changes.environmentVariables?.length) {
        if (!objectAt(environment, 'runtime'))
            environment.runtime = {};
        const variables = arrayAt(objectAt(environment, 'runtime'), 'environmentVariables');
        for (const variable of changes.environmentVariables) {
            const target = variables.find(v => v.name === variable.name);
            if (target)
                target.value = variable.value;
            else
                variables.push({ name: variable.name, value: variable.value });
        }
    }
    return copy;
}
/** Whether the manifest already holds every change (the package, constant and variable values). */
function holdsChanges(manifest, changes) {
    const expected = withDeployChanges(manifest, changes);
    return JSON.stringify(expected) === JSON.stringify(manifest);
}
/**
 * The rollback of a deploy: a copy of `current` with every field the deploy changes put back as it was in
 * `before` (the package, the instance count, the constants and environment variables the deploy set; a variable
 * the deploy added is removed), and every other field as it is now.
 */
function withFieldsRestored(current, before, changes) {
    const copy = structuredClone(current);
    const was = structuredClone(before);
    const deployment = objectAt(objectAt(copy, 'environment'), 'deployment');
    const container = objectAt(objectAt(copy, 'environment'), 'container');
    const oldDeployment = objectAt(objectAt(was, 'environment'), 'deployment');
    const oldContainer = objectAt(objectAt(was, 'environment'), 'container');
    if (!deployment || !container || !oldDeployment || !oldContainer) {
        throw new Error('The environment manifest has no environment.deployment or environment.container to restore.');
    }
    deployment.packageId = oldDeployment.packageId;
    // A restart changes the count for a while too: the count from before is the one to have.
    if (oldContainer.instances !== undefined)
        container.instances = oldContainer.instances;
    const oldConstants = Array.isArray(oldDeployment.constants) ? oldDeployment.constants : [];
    for (const constant of changes.constants ?? []) {
        const target = arrayAt(deployment, 'constants').find(c => c.name === constant.name);
        const old = oldConstants.find(c => c.name === constant.name);
        if (target && old)
            target.value = old.value;
    }
    const runtime = objectAt(objectAt(copy, 'environment'), 'runtime');
    const oldRuntime = objectAt(objectAt(was, 'environment'), 'runtime');
    const oldVariables = Array.isArray(oldRuntime?.environmentVariables) ? oldRuntime.environmentVariables : [];
    if (runtime && changes.environmentVariables?.length) {
        const variables = arrayAt(runtime, 'environmentVariables');
        for (const variable of changes.environmentVariables) {
            const index = variables.findIndex(v => v.name === variable.name);
            const old = oldVariables.find(v => v.name === variable.name);
            if (index === -1)
                continue;
            if (old)
                variables[index].value = old.value;
            else
                variables.splice(index, 1);
        }
    }
    return copy;
}
/** Whether `current` already has every field the deploy changes as it was in `before`. */
function holdsFieldsOf(current, before, changes) {
    return JSON.stringify(withFieldsRestored(current, before, changes)) === JSON.stringify(current);
}
/** A copy with `environment.container.instances` set: 0 stops the app, N starts N instances. */
function withInstances(manifest, instances) {
    return withField(manifest, 'container', 'instances', instances);
}
/** An array item's place in a diff path: its `name` when that is a string (constants, variables), else its index. */
function itemKey(item, index) {
    const name = item?.name;
    return typeof name === 'string' ? name : String(index);
}
function flatten(value, path, out) {
    if (value && typeof value === 'object') {
        const entries = Array.isArray(value)
            ? value.map((v, i) => [itemKey(v, i), v])
            : Object.entries(value);
        if (entries.length === 0)
            out.set(path, JSON.stringify(value));
        for (const [key, inner] of entries)
            flatten(inner, path ? `${path}.${key}` : key, out);
    }
    else
        out.set(path, JSON.stringify(value));
}
/** What a masked value reads as in a diff. */
const MASKED = '***';
/**
 * A readable, colourless diff of two manifests: one `- path: old` / `+ path: new` pair per changed value.
 * Array items with a `name` are keyed by it, so a changed constant reads as `deployment.constants.X.value`.
 * A value at one of `secretPaths` (or within it) reads as `***` on both sides, whatever it was: masking by place,
 * not by text, also hides an old value nobody registered and one too short to search for.
 */
function diffManifests(before, after, secretPaths = []) {
    const a = new Map();
    const b = new Map();
    flatten(before, '', a);
    flatten(after, '', b);
    const secret = (path) => secretPaths.some(p => path === p || path.startsWith(`${p}.`));
    const shown = (path, value) => (secret(path) ? MASKED : value);
    const lines = [];
    for (const path of new Set([...a.keys(), ...b.keys()])) {
        if (a.get(path) === b.get(path))
            continue;
        if (a.has(path))
            lines.push(`- ${path}: ${shown(path, a.get(path))}`);
        if (b.has(path))
            lines.push(`+ ${path}: ${shown(path, b.get(path))}`);
    }
    return lines;
}

;// CONCATENATED MODULE: ./src/private-cloud/deploy-api.ts

const DEPLOY_SCOPES = { read: 'mx:deployment:read', write: 'mx:deployment:write' };
/** The environments list has no pagination object; a page shorter than this is the last. */
const ENVIRONMENT_PAGE = 20;
/** A bound on paging, in case a service keeps answering full pages. */
const MAX_ENVIRONMENT_PAGES = 50;
class DeployApi {
    http;
    appId;
    constructor(http, appId) {
        this.http = http;
        this.appId = appId;
    }
    get appPath() {
        return `/apps/${encodeURIComponent(this.appId)}`;
    }
    manifestPath(address) {
        return `${this.appPath}/namespaces/${encodeURIComponent(address.namespaceId)}/environments/${encodeURIComponent(address.environmentId)}`;
    }
    /** Every environment manifest of the app. */
    async listEnvironments(deadline) {
        const all = [];
        for (let page = 0; page < MAX_ENVIRONMENT_PAGES; page++) {
            const response = await this.http.request({
                method: 'GET',
                path: `${this.appPath}/environments?offset=${page * ENVIRONMENT_PAGE}&limit=${ENVIRONMENT_PAGE}`,
                retry: 'safe',
                action: 'list the environments of the app',
                scope: DEPLOY_SCOPES.read,
                deadline
            });
            const items = Array.isArray(response.body?.environments) ? response.body.environments : [];
            all.push(...items);
            if (items.length < ENVIRONMENT_PAGE)
                break;
        }
        return all;
    }
    async getManifest(address, deadline) {
        const response = await this.http.request({
            method: 'GET',
            path: this.manifestPath(address),
            retry: 'safe',
            action: `read the manifest of environment ${address.environmentId}`,
            scope: DEPLOY_SCOPES.read,
            deadline
        });
        if (!response.body || typeof response.body !== 'object' || Array.isArray(response.body)) {
            throw new Error(`Could not read the manifest of environment ${address.environmentId}: the answer is not a JSON object.`);
        }
        return response.body;
    }
    /** Sends the whole manifest back, once: the caller reads it again before any second try. */
    async putManifest(address, manifest, deadline) {
        const path = this.manifestPath(address);
        const action = `update the manifest of environment ${address.environmentId}`;
        return requestJob(this.http, {
            method: 'PUT',
            path,
            body: manifest,
            retry: 'never',
            action,
            scope: DEPLOY_SCOPES.write,
            deadline
        });
    }
    /**
     * Creates an environment from a full manifest whose `environment.id` the caller chose (Deploy API
     * `POST /apps/{appId}/environments`); the answer is the creation job. Sent once: a second POST could create
     * a second environment.
     */
    async createEnvironment(manifest, deadline) {
        const path = `${this.appPath}/environments`;
        const id = String(manifest.environment?.id);
        const action = `create environment ${id}`;
        return requestJob(this.http, {
            method: 'POST',
            path,
            body: manifest,
            retry: 'once',
            action,
            scope: DEPLOY_SCOPES.write,
            deadline
        });
    }
    /**
     * Deletes an environment (`DELETE .../namespaces/{namespaceId}/environments/{environmentId}`); the answer is
     * the deletion job. Never with `force=true`: that skips the checks and can leave cluster resources behind.
     */
    async deleteEnvironment(address, deadline) {
        const path = this.manifestPath(address);
        const action = `delete environment ${address.environmentId}`;
        return requestJob(this.http, {
            method: 'DELETE',
            path,
            retry: 'once',
            action,
            scope: DEPLOY_SCOPES.write,
            deadline
        });
    }
}

;// CONCATENATED MODULE: ./src/private-cloud/secret-settings.ts


/** Where each kind of setting lives in a manifest: a list of `{name, value}` under `environment`. */
const PLACES = [
    { input: 'constants', section: 'deployment', list: 'constants' },
    { input: 'environmentVariables', section: 'runtime', list: 'environmentVariables' }
];
const RUNTIME_SECRETS = ['subscriptionSecret', 'debuggerPassword', 'mxAdminPassword'];
/** The value Deploy API 4.14 documents for clearing a runtime secret: base64 of `---`, no secret. */
const CLEARED = 'LS0t';
function object(value) {
    return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
}
function list(value) {
    return Array.isArray(value) ? value.map(object) : [];
}
/**
 * The paths of the secret settings' values as `diffManifests` names them (list items keyed by their name), e.g.
 * `environment.deployment.constants.Orders.ApiKey.value`.
 */
function secretValuePaths(settings) {
    return PLACES.flatMap(place => [...secretNames(settings[place.input])].map(name => `environment.${place.section}.${place.list}.${name}.value`));
}
/** The decoded text of a base64 value, when it is base64 of UTF-8 text. */
function decodedText(value) {
    if (value === CLEARED || !/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0)
        return undefined;
    const text = Buffer.from(value, 'base64').toString('utf8');
    return Buffer.from(text, 'utf8').toString('base64') === value ? text : undefined;
}
/**
 * Every value in the manifest that must not be printed: what the secret settings hold, the runtime secrets
 * (base64, and the text they encode) and the client certificates' passwords and keys.
 */
function secretValuesIn(manifest, settings) {
    const environment = object(manifest.environment);
    const values = [];
    for (const place of PLACES) {
        const names = secretNames(settings[place.input]);
        for (const item of list(object(environment[place.section])[place.list]))
            if (typeof item.name === 'string' && names.has(item.name))
                values.push(item.value);
    }
    const runtime = object(environment.runtime);
    for (const field of RUNTIME_SECRETS) {
        const value = runtime[field];
        if (typeof value !== 'string' || value === CLEARED)
            continue;
        values.push(value, decodedText(value));
    }
    for (const certificate of list(object(environment.network).outgoingConnectionCertificate)) {
        const password = certificate.password;
        values.push(password, certificate.key);
        if (typeof password === 'string')
            values.push(decodedText(password));
    }
    return values;
}
/** The Deploy API client whose every manifest read masks the manifest's secrets before returning it. */
class SecretMaskingDeployApi extends DeployApi {
    settings;
    constructor(http, appId, settings) {
        super(http, appId);
        this.settings = settings;
    }
    async listEnvironments(deadline) {
        const manifests = await super.listEnvironments(deadline);
        for (const manifest of manifests)
            maskFoundValues(secretValuesIn(manifest, this.settings));
        return manifests;
    }
    async getManifest(address, deadline) {
        const manifest = await super.getManifest(address, deadline);
        maskFoundValues(secretValuesIn(manifest, this.settings));
        return manifest;
    }
}

;// CONCATENATED MODULE: ./src/private-cloud/dry-run.ts


/** Reads the manifest and shows what `change` would make of it; changes nothing. */
async function showDryRun(handle, change, settings, deps) {
    const { log, progress } = deps;
    const manifest = await handle.read();
    progress.output('previousPackageId', factsOf(manifest).packageId);
    const diff = diffManifests(manifest, change.apply(manifest), secretValuePaths(settings));
    const lines = diff.length
        ? diff
        : ['(no change: the environment already has this package and these settings)'];
    lines.forEach(line => log.info(line));
    progress.sections.push({ title: `Dry run: the manifest changes for "${handle.name}"`, lines });
    log.info('Dry run: nothing was built, and nothing was changed.');
}

;// CONCATENATED MODULE: ./src/private-cloud/environment-handle.ts
/**
 * One Private Cloud environment, as the flow works on it: read its manifest, update it safely, wait for the
 * update's job, and wait until what it reports settles. The flow then reads as steps.
 */







/** How many times the manifest PUT is sent, each time from a fresh read. */
const MAX_PUT_ATTEMPTS = 5;
class EnvironmentHandle {
    environment;
    deps;
    waiter;
    /**
     * Whether the reads that found an unsure write already in effect saw it rolling out (`Processing` or `Unknown`
     * with the change in it): with no job to wait for, that is the readiness rule's evidence of a rollout.
     */
    rolloutSeenWhileSettling = false;
    constructor(environment, deps, waiter) {
        this.environment = environment;
        this.deps = deps;
        this.waiter = waiter;
    }
    get name() {
        return this.environment.name;
    }
    deadline() {
        return this.deps.timeout.deadline();
    }
    /** The manifest as the service has it now. */
    read(deadline = this.deadline()) {
        return this.deps.deploy.getManifest(this.environment, deadline);
    }
    /**
     * Writes a change to the manifest safely: never twice from the same read. When the service surely did not
     * take it, waits as asked and reads again; when the outcome is unknown, waits until the environment is not
     * Processing and reads again, stopping if the change is already there. Returns the job, or none if the change
     * had already taken effect.
     */
    async update(first, change) {
        const { log, progress, clock } = this.deps;
        const deadline = this.deadline();
        let manifest = first;
        for (let attempt = 1;; attempt++) {
            try {
                progress.environmentChanged = 'maybe';
                return await this.deps.deploy.putManifest(this.environment, change.apply(manifest), deadline);
            }
            catch (error) {
                const retry = error instanceof src_http/* ApiError */.hD && (error.notActed || error.outcomeUnknown);
                if (!retry || attempt >= MAX_PUT_ATTEMPTS)
                    throw error;
                let fresh;
                if (error.notActed) {
                    const delay = error.retryAfterMs ?? (0,src_clock/* backoffDelay */.EY)(attempt, Math.random);
                    log.info(`The manifest update was not accepted (${error.status ?? 'no connection'}); reading it again in ${(0,logger/* seconds */.Y)(delay)}`);
                    await clock.sleep(delay, this.deps.signal);
                    fresh = await this.read(deadline);
                }
                else {
                    log.warning(`${error.message} Reading the manifest again to see whether the update took effect.`, 'Manifest update outcome unknown');
                    fresh = await this.settled(change);
                }
                if (change.applied(fresh)) {
                    log.info('The update had taken effect; not sending it again');
                    return undefined;
                }
                // Never resend the manifest read before: someone may have changed it meanwhile.
                manifest = fresh;
            }
        }
    }
    /**
     * Writes one change safely and waits for its job; returns the job, if one ran. Reads the manifest afresh
     * unless the caller has just read it.
     */
    async change(what, change, justRead) {
        const ref = await this.update(justRead ?? (await this.read()), change);
        if (ref)
            await this.waitForJob(ref, what);
        return ref;
    }
    /** Waits for a manifest job; throws JobError naming the environment when it fails. */
    async waitForJob(ref, what) {
        const job = await this.waiter.wait('deploy', ref, DEPLOY_SCOPES.read);
        if (job.status !== 'finished' || job.error) {
            throw new errors/* JobError */.CR(`The ${what} job ${ref.id} for environment "${this.name}" failed: ${job.error?.message ?? `it ended as ${job.status}`}.`, ref.id);
        }
    }
    /** Reads the manifest until `done` holds for it; the last status shown is its container state. */
    waitFor(done, onTimeout, onStatus) {
        const { clock, signal } = this.deps;
        const deadline = this.deadline();
        return waitUntil({
            clock,
            signal,
            deadline,
            schedule: this.deps.schedule,
            isTransient: src_http/* isTransientPollError */.gc,
            poll: async () => {
                const manifest = await this.read(deadline);
                const facts = factsOf(manifest);
                return done(facts, manifest)
                    ? { done: true, value: manifest }
                    : { done: false, status: facts.state ?? 'unknown' };
            },
            onStatus,
            onTimeout
        });
    }
    /** Reads the manifest once no update is processing, so what it says about packageId is final. */
    settled(change) {
        this.rolloutSeenWhileSettling = false;
        return this.waitFor((facts, manifest) => {
            const underWay = facts.state === 'Processing' || facts.state === 'Unknown';
            if (underWay && change?.applied(manifest))
                this.rolloutSeenWhileSettling = true;
            return facts.state !== 'Processing';
        }, () => new errors/* JobError */.CR(`The environment "${this.name}" was still Processing an update at the deadline.`, ''));
    }
}

;// CONCATENATED MODULE: ./src/private-cloud/environments.ts
/** Finds the environment the user named (by id or display name, optionally by namespace) in the app's list. */


function describe(facts) {
    return `"${facts.name ?? '?'}" (id ${facts.id ?? '?'}, namespace ${facts.namespace ?? facts.namespaceId ?? '?'})`;
}
/** Picks exactly one environment or throws an InputError that lists the ones that exist. */
function resolveEnvironment(manifests, wanted, namespace, input = 'environment') {
    const all = manifests.map(factsOf);
    const inNamespace = namespace
        ? all.filter(f => f.namespaceId === namespace || f.namespace === namespace)
        : all;
    let matches = inNamespace.filter(f => f.id === wanted);
    if (matches.length === 0)
        matches = inNamespace.filter(f => f.name === wanted);
    if (matches.length === 0)
        matches = inNamespace.filter(f => f.name?.toLowerCase() === wanted.toLowerCase());
    const known = all.length ? all.map(describe).join(', ') : 'none (is the token of a member of this app?)';
    if (matches.length === 0) {
        const where = namespace ? ` in namespace '${namespace}'` : '';
        throw new errors/* InputError */.dz([
            `Input '${input}': no environment with id or name '${wanted}'${where}. The app's environments: ${known}.`
        ]);
    }
    if (matches.length > 1) {
        throw new errors/* InputError */.dz([
            `Input '${input}': '${wanted}' matches ${matches.length} environments: ${matches.map(describe).join(', ')}. ` +
                "Give the environment's id, or set the 'namespace' input."
        ]);
    }
    const [facts] = matches;
    if (!facts.id || !facts.namespaceId) {
        throw new Error(`The environment ${describe(facts)} has no id or namespace id in its manifest, so it cannot be updated.`);
    }
    return { environmentId: facts.id, namespaceId: facts.namespaceId, name: facts.name ?? facts.id, facts };
}

;// CONCATENATED MODULE: ./src/private-cloud/job-waiter.ts
/** Waits for a Private Cloud job (build, upload, deploy) on the shared wait loop, keeping progress up to date. */






const KNOWN_STATUSES = new Set(['created', 'running', 'finished', 'failed']);
/** The poll rule both targets share, kept importable from here for the Private Cloud flow. */

class JobWaiter {
    deps;
    settings;
    constructor(deps, settings) {
        this.deps = deps;
        this.settings = settings;
    }
    /** Where a person can check the job: the documented /jobs/{id} below the API URL. */
    jobUrl(ref) {
        return `${this.settings.apiUrl}/jobs/${encodeURIComponent(ref.id)}`;
    }
    /** Waits for a job to end; returns it when finished, throws JobError when it failed or the deadline passed. */
    async wait(kind, ref, scope) {
        const { clock, log, progress, signal } = this.deps;
        const deadline = this.deps.timeout.deadline();
        progress.jobStarted({ kind, id: ref.id, url: this.jobUrl(ref) });
        // Issue 14: earlier jobs predict this one's end (job-history.ts), so polls are sparse until shortly before it.
        const plan = await planJob(this.deps, kind, jobFinished);
        const job = await waitUntil({
            ...plan,
            clock,
            signal,
            deadline,
            schedule: this.deps.schedule,
            isTransient: src_http/* isTransientPollError */.gc,
            poll: async () => {
                const { retryAfterMs, ...current } = await this.deps.jobs.get(ref, {
                    scope,
                    deadline,
                    now: clock.now()
                });
                // The specs show jobs with an `error` beside a non-terminal status: an error ends the wait too.
                if (current.error || TERMINAL_STATUSES.has(current.status))
                    return { done: true, value: current };
                if (!KNOWN_STATUSES.has(current.status))
                    log.debug(`The ${kind} job has an unknown status '${current.status}'; waiting on.`);
                return { done: false, status: current.status, notBeforeMs: retryAfterMs };
            },
            onStatus: (status, elapsed) => log.info(`${kind[0].toUpperCase()}${kind.slice(1)} job is ${status} (after ${(0,logger/* seconds */.Y)(elapsed)})`),
            onTimeout: (status, elapsed) => new errors/* JobError */.CR(`Gave up waiting for the ${kind} job ${ref.id} after ${(0,logger/* seconds */.Y)(elapsed)} (timeoutMinutes: ${this.settings.timeoutMinutes}); ` +
                `it was still ${status}. It may still finish: check it with GET ${this.jobUrl(ref)}.`, ref.id)
        });
        progress.jobEnded(ref.id);
        return job;
    }
}

;// CONCATENATED MODULE: ./src/private-cloud/package-source.ts
/**
 * Where the package to deploy comes from: promoted, uploaded, built in the runner and uploaded, reused from an
 * earlier build, or built now by the Build API.
 */






const LOG_TAIL_LINES = 25;
function tail(text, lines) {
    return text.trimEnd().split('\n').slice(-lines).join('\n');
}
class PackageSource {
    settings;
    deps;
    waiter;
    phases;
    constructor(settings, deps, waiter, phases) {
        this.settings = settings;
        this.deps = deps;
        this.waiter = waiter;
        this.phases = phases;
    }
    /** The package to deploy: promoted from another environment, reused from an earlier build, or built now. */
    async obtain(promoteFrom) {
        const { log, progress, clock, timeout } = this.deps;
        const s = this.settings;
        if (promoteFrom) {
            const packageId = promoteFrom.facts.packageId;
            if (!packageId)
                throw new Error(`Environment "${promoteFrom.name}" runs no package, so there is nothing to promote.`);
            progress.output('packageId', packageId);
            progress.output('reused', 'true');
            log.info(`Promoting package ${packageId} from "${promoteFrom.name}"; nothing is built`);
            return { packageId };
        }
        if (s.packageFile) {
            const file = s.packageFile;
            if (s.dryRun)
                return { packageId: `(the upload of ${file.name})` };
            return this.phases.run('upload', `Upload ${file.name}`, () => this.uploadPackage(file));
        }
        if (s.runnerBuild)
            return this.buildInRunner(s.runnerBuild.mendixVersion);
        if (s.reuse) {
            const found = await this.deps.build.findPackageByMarker(s.buildIdentity, timeout.deadline(), clock.now());
            if (found) {
                announceReuse(found.id, s, this.deps);
                if (s.version)
                    progress.output('version', (0,versions/* versionCore */.C0)(found.modelVersion));
                return { packageId: found.id };
            }
        }
        progress.output('reused', 'false');
        if (s.dryRun) {
            const as = s.version
                ? ` as version ${await (0,versions/* plannedVersion */.Rh)(s.version, () => this.versionedPackages())}`
                : '';
            log.info(`A package would be built from ${s.branch}@${s.revision}${as} (dry run: nothing is built)`);
            return { packageId: `(new package from ${s.branch}@${s.revision})` };
        }
        const as = (0,versions/* versionWords */.WS)(s.version);
        const buildTitle = `Build ${s.branch}@${s.revision}${as ? ` as ${as}` : ''}`;
        const built = await this.phases.run('build', buildTitle, () => this.buildPackage());
        log.info(`Built package ${built.packageId} in ${this.phases.lastTime()}`);
        return built;
    }
    /** The app's packages with their versions, read now (issue 26). */
    async versionedPackages() {
        const packages = await this.deps.build.allPackages(this.deps.timeout.deadline());
        return packages.map(p => ({ id: p.id, version: p.modelVersion, description: p.description }));
    }
    /** build: runner - MxBuild makes the package on this runner, then it is uploaded as a packageFile is. */
    async buildInRunner(mendixVersion) {
        const { log, progress, runnerBuild, timeout } = this.deps;
        progress.output('reused', 'false');
        if (this.settings.dryRun) {
            log.info(`A package would be built in the runner with MxBuild ${mendixVersion} and uploaded (dry run: nothing is built)`);
            return { packageId: `(a package built in the runner with MxBuild ${mendixVersion})` };
        }
        if (!runnerBuild)
            throw new Error('build: runner was asked for, but the step has no build in the runner.');
        const version = await (0,versions/* versionForRunnerBuild */.gL)(this.settings.version, () => this.versionedPackages(), log, progress);
        const { file } = await runnerBuild(timeout.deadline(), version);
        return this.phases.run('upload', `Upload ${file.name}`, () => this.uploadPackage(file));
    }
    async buildPackage() {
        const { log, progress, clock, timeout } = this.deps;
        const s = this.settings;
        let ref;
        let version;
        try {
            ;
            ({ started: ref, version } = await (0,versions/* startVersionedBuild */.Gm)({
                choice: s.version,
                list: () => this.versionedPackages(),
                start: asked => this.deps.build.startBuild({ branch: s.branch, revision: s.revision, version: asked, description: s.description }, timeout.deadline()),
                log,
                progress
            }));
        }
        catch (error) {
            if (error instanceof src_http/* ApiError */.hD && error.outcomeUnknown)
                return this.recoverUnknownBuild(error);
            throw error;
        }
        progress.output('buildJobId', ref.id);
        log.info(`Build job ${ref.id} started`);
        const started = clock.now();
        const job = await this.waiter.wait('build', ref, BUILD_SCOPES.read);
        if (job.status !== 'finished' || job.error || !job.packageId) {
            throw await this.buildFailure(ref, job);
        }
        progress.output('packageId', job.packageId);
        log.info(`Build job finished in ${(0,logger/* seconds */.Y)(clock.now() - started)}: package ${job.packageId}`);
        if (version && s.version && 'bump' in s.version) {
            const shared = (0,versions/* sharedVersionWarning */.u0)(version, job.packageId, await this.versionedPackages());
            if (shared)
                log.warning(shared, 'Version shared');
        }
        return { packageId: job.packageId, buildJobId: ref.id };
    }
    async uploadPackage(file) {
        const { log, progress, timeout } = this.deps;
        log.info(`Uploading ${file.name} (${(file.size / 1024 / 1024).toFixed(1)} MB)`);
        const ref = await this.deps.build.uploadPackage(file, timeout.deadline());
        progress.output('reused', 'false');
        const job = await this.waiter.wait('upload', ref, BUILD_SCOPES.read);
        if (job.status !== 'finished' || job.error || !job.packageId) {
            throw new errors/* JobError */.CR(`The upload of ${file.name} failed (job ${ref.id}): ${job.error?.message ?? `it ended as ${job.status}`}.`, ref.id);
        }
        progress.output('packageId', job.packageId);
        log.info(`Uploaded ${file.name}: package ${job.packageId}`);
        return { packageId: job.packageId };
    }
    /** The build POST got no clear answer: find the build by the run's marker, or stop without risking a second one. */
    async recoverUnknownBuild(cause) {
        const { log, progress, timeout, build } = this.deps;
        const marker = this.settings.runMarker;
        const packageId = await recoverUnknownBuild(cause, marker, async () => (await build.findPackageByMarker(marker, timeout.deadline()))?.id, log);
        progress.output('packageId', packageId);
        return { packageId, buildJobId: '' };
    }
    async buildFailure(ref, job) {
        const reason = job.error?.message ??
            (job.status === 'finished' ? 'it finished without a package id' : `it ended as ${job.status}`);
        let logTail;
        try {
            const withLog = await this.deps.jobs.get(ref, {
                log: true,
                scope: BUILD_SCOPES.read,
                deadline: this.deps.timeout.deadline()
            });
            if (withLog.log?.build)
                logTail = tail(withLog.log.build, LOG_TAIL_LINES);
        }
        catch (error) {
            this.deps.log.debug(`Could not read the build log: ${(0,errors/* messageOf */.bD)(error)}`);
        }
        const s = this.settings;
        return new errors/* JobError */.CR(`The build of ${s.branch}@${s.revision} failed (job ${ref.id}): ${reason}` +
            (logTail ? `\nLast lines of the build log:\n${logTail}` : ''), ref.id, logTail);
    }
}

;// CONCATENATED MODULE: ./src/private-cloud/retention.ts
/**
 * Package retention (`keepPackages`): after a deploy that worked, delete the app's oldest packages beyond the
 * newest `keep`, and wait until each deletion has finished.
 *
 * Never deleted: the package this run deployed, a package any environment runs, and a package created after the
 * one this run deployed. The last is for parallel runs (docs/examples/deploy-fleet.yml): another job may have
 * built a package that it has not deployed yet, so it is not in use when this run looks.
 *
 * Retention is housekeeping after a good deploy, so it never fails the step: a refused request, a failed delete
 * job or the step's deadline is a warning naming the package and why. Only a cancel stops it.
 */





/** The creation time of a package (epoch ms), or undefined when the list gives none that parses. */
function createdAt(pkg) {
    const ms = typeof pkg.createdOn === 'string' ? Date.parse(pkg.createdOn) : NaN;
    return Number.isFinite(ms) ? ms : undefined;
}
/**
 * Which packages to delete. As before, the newest `keep` of all the app's packages are kept and the packages
 * environments run are never deleted; now also none created at or after the deployed package (dates compared as
 * instants, not strings), and none whose date cannot be read, since neither can be shown to be older.
 */
function planRetention(packages, keep, deployedPackageId, inUse) {
    const deployed = packages.find(p => p.id === deployedPackageId);
    const deployedAt = deployed && createdAt(deployed);
    if (deployedAt === undefined) {
        const why = deployed
            ? `its creation date (${JSON.stringify(deployed.createdOn ?? null)}) cannot be read`
            : 'it is not in the package list';
        return {
            doomed: [],
            keptNewer: [],
            refusal: `Package ${deployedPackageId}, which this run deployed, is the measure of which packages are older, but ${why}; no package was deleted.`
        };
    }
    // Newest first; undated ones last, as the old string sort had them (they are never deleted anyway).
    const byAge = [...packages].sort((a, b) => (createdAt(b) ?? -Infinity) - (createdAt(a) ?? -Infinity));
    const beyond = byAge.slice(keep).filter(p => p.id !== deployedPackageId && !inUse.has(p.id));
    const older = (p) => (createdAt(p) ?? Infinity) < deployedAt;
    return { doomed: beyond.filter(older), keptNewer: beyond.filter(p => !older(p)) };
}
function retention_describe(pkg) {
    return `${pkg.id} (created ${pkg.createdOn ?? 'on an unknown date'})`;
}
/** Rethrows a cancel; anything else is the reason a package was not deleted. */
function reasonOrCancel(error, signal) {
    if (error instanceof errors/* CancelledError */.cc || signal?.aborted)
        throw error;
    return (0,errors/* messageOf */.bD)(error);
}
/**
 * Deletes the packages the plan names and waits for each deletion, within the step's deadline. Sets
 * `deletedPackages` to the deletions whose job finished, warns once per package not deleted, and adds a section
 * to the job summary. Throws only when the step is cancelled.
 */
async function prunePackages(deps, keep, deployedPackageId) {
    const { log, progress } = deps;
    const plan = await planFromService(deps, keep, deployedPackageId);
    const result = { deleted: [], notDeleted: [], keptNewer: plan.keptNewer };
    if (plan.refusal)
        log.warning(plan.refusal, 'Package retention skipped');
    if (plan.keptNewer.length > 0) {
        log.info(`Keeping ${plan.keptNewer.length} package(s) beyond the newest ${keep} that are not older than package ${deployedPackageId}, which this run deployed (another run may deploy them): ${plan.keptNewer.map(retention_describe).join(', ')}`);
    }
    const notDeleted = (pkg, why) => {
        result.notDeleted.push({ pkg, why });
        log.warning(`Package ${retention_describe(pkg)} was not deleted: ${why}`, 'Package not deleted');
    };
    // Every request is sent first, then every job awaited: the service runs the deletions side by side.
    const sent = await requestDeletions(deps, plan.doomed, notDeleted);
    result.deleted = await awaitDeletions(deps, sent, notDeleted);
    progress.output('deletedPackages', String(result.deleted.length));
    log.info(`Retention: deleted ${result.deleted.length} package(s), ${result.notDeleted.length} not deleted; kept the newest ${keep}, those in use, and those not older than package ${deployedPackageId}.`);
    progress.sections.push({
        title: `Package retention (keepPackages: ${keep})`,
        lines: summaryLines(plan, result)
    });
    return result;
}
/** The plan from the service's package list and the packages environments run; a failed read deletes nothing. */
async function planFromService(deps, keep, deployedPackageId) {
    const { build, deploy, timeout, signal } = deps;
    try {
        const inUse = new Set((await deploy.listEnvironments(timeout.deadline())).map(m => factsOf(m).packageId));
        return planRetention(await build.allPackages(timeout.deadline()), keep, deployedPackageId, inUse);
    }
    catch (error) {
        return {
            doomed: [],
            keptNewer: [],
            refusal: `Could not list the packages and environments, so no package was deleted: ${reasonOrCancel(error, signal)}`
        };
    }
}
/** Sends one DELETE per package, while the step has time; returns the jobs the service started. */
async function requestDeletions(deps, packages, notDeleted) {
    const { build, log, progress, timeout, signal, waiter } = deps;
    const sent = [];
    for (const pkg of packages) {
        const deadline = timeout.deadline();
        if (deadline.passed()) {
            notDeleted(pkg, 'not requested: the step reached its deadline (timeoutMinutes) first.');
            continue;
        }
        try {
            const ref = await build.deletePackage(pkg.id, deadline);
            // Known at once, so that a cancel before its wait begins still says it runs.
            progress.jobStarted({ kind: 'delete', id: ref.id, url: waiter.jobUrl(ref) });
            log.info(`Deleting package ${retention_describe(pkg)}: job ${ref.id}`);
            sent.push({ pkg, ref });
        }
        catch (error) {
            const reason = reasonOrCancel(error, signal);
            const unknown = error instanceof src_http/* ApiError */.hD && error.outcomeUnknown;
            notDeleted(pkg, unknown ? `${reason} (The service may have acted on it: see the package list.)` : reason);
        }
    }
    return sent;
}
/** Waits for each delete job within the step's deadline; returns the packages whose deletion finished. */
async function awaitDeletions(deps, sent, notDeleted) {
    const deleted = [];
    for (const { pkg, ref } of sent) {
        try {
            const job = await deps.waiter.wait('delete', ref, BUILD_SCOPES.read);
            if (job.status === 'finished' && !job.error)
                deleted.push(pkg);
            else
                notDeleted(pkg, `its delete job ${ref.id} failed: ${job.error?.message ?? `it ended as ${job.status}`}`);
        }
        catch (error) {
            notDeleted(pkg, reasonOrCancel(error, deps.signal));
        }
    }
    return deleted;
}
/** The job summary's account: what was deleted, what was not and why, what was kept because it is newer. */
function summaryLines(plan, result) {
    const list = (title, items) => items.length ? [`${title} (${items.length}):`, ...items.map(item => `  ${(0,untrusted/* oneLine */.TN)(item)}`)] : [];
    return [
        ...(plan.refusal ? [(0,untrusted/* oneLine */.TN)(plan.refusal)] : []),
        ...(result.deleted.length ? [] : ['Deleted: none.']),
        ...list('Deleted', result.deleted.map(retention_describe)),
        ...list('Not deleted', result.notDeleted.map(({ pkg, why }) => `${retention_describe(pkg)}: ${why}`)),
        ...list('Kept, not older than the package this run deployed', result.keptNewer.map(retention_describe))
    ];
}

;// CONCATENATED MODULE: ./src/private-cloud/readiness.ts
/** How long `container.state` is taken to lag a finished job at most, unless a rollout is seen sooner. */
const SETTLE_WINDOW_MS = 30_000;
/** The window is at most this share of the step's budget, so that short budgets keep time for the checks after it. */
const SETTLE_SHARE_OF_BUDGET = 0.1;
/** The settle window for a step whose whole budget is `budgetMs`. */
function settleWindowMs(budgetMs) {
    return Math.min(SETTLE_WINDOW_MS, budgetMs * SETTLE_SHARE_OF_BUDGET);
}
const TERMINAL = new Set(['Ready', 'Failed']);
const UNDER_WAY = new Set(['Processing', 'Unknown']);
/** Judges the reads of one environment after one change, in the order they were made. */
class RolloutJudge {
    packageId;
    settleUntil;
    rolloutSeen = false;
    lastTerminal;
    stateSeen = false;
    constructor(packageId, 
    /** Epoch ms at which the settle window ends; undefined when this step wrote nothing. */
    settleUntil, 
    /** The rollout was already seen under way before these reads (while an unsure write was checked). */
    rolloutSeen = false) {
        this.packageId = packageId;
        this.settleUntil = settleUntil;
        this.rolloutSeen = rolloutSeen;
    }
    /** What the read `facts`, made at `now`, says. */
    judge(facts, now) {
        const settled = this.settleUntil === undefined || now >= this.settleUntil;
        if (facts.packageId !== this.packageId) {
            // Reads may lag the write as a whole; only after the window does another package mean another change won.
            return settled && facts.state !== 'Processing'
                ? { kind: 'replaced', packageId: facts.packageId }
                : { kind: 'wait' };
        }
        const state = facts.state;
        if (state === undefined) {
            // A read without a state shows nothing about the pods; after the window with none ever seen, say so.
            return settled && !this.stateSeen ? { kind: 'no-state' } : { kind: 'wait' };
        }
        this.stateSeen = true;
        if (UNDER_WAY.has(state) || !TERMINAL.has(state)) {
            this.rolloutSeen = true;
            this.lastTerminal = undefined;
            return { kind: 'wait' };
        }
        const transition = this.lastTerminal !== undefined && this.lastTerminal !== state;
        this.lastTerminal = state;
        if (!(this.rolloutSeen || transition || settled))
            return { kind: 'wait' };
        return state === 'Ready' ? { kind: 'ready' } : { kind: 'failed' };
    }
}

;// CONCATENATED MODULE: ./src/private-cloud/flow.ts
/**
 * The Private Cloud build-and-deploy flow, as a person would do it by hand: find the environment, get the
 * package (package-source.ts: promote, upload, reuse or build), read the manifest, set the new package, write
 * it back, wait, and check that the environment is Ready with it. Around that: dry run, rollback, restart and
 * retention. Every manifest write goes through one safe update (never twice from the same read).
 */














/** Errors after the deploy job that mean the deploy failed: a rollback may put the previous version back. */
function isFailedDeploy(error) {
    return error instanceof errors/* VerificationError */.mk || error instanceof errors/* JobError */.CR;
}
class PrivateCloudFlow {
    settings;
    deps;
    phases;
    waiter;
    packages;
    /** Whether a restart wrote to the environment: its instance count is then a field to restore. */
    restartWrote = false;
    constructor(settings, deps) {
        this.settings = settings;
        this.deps = deps;
        this.phases = new src_phases/* Phases */.V(deps);
        this.waiter = new JobWaiter(deps, settings);
        this.packages = new PackageSource(settings, deps, this.waiter, this.phases);
    }
    async run() {
        const { log, progress } = this.deps;
        const s = this.settings;
        const { environment, promoteFrom } = await this.phases.run('resolve', undefined, () => this.findEnvironments());
        progress.output('environmentId', environment.environmentId);
        progress.output('namespaceId', environment.namespaceId);
        log.info(`Environment "${environment.name}" (id ${environment.environmentId}, namespace ${environment.facts.namespace ?? environment.namespaceId})`);
        const handle = new EnvironmentHandle(environment, this.deps, this.waiter);
        const { packageId, buildJobId } = await this.packages.obtain(promoteFrom);
        if (s.dryRun) {
            await this.phases.run('dry run', 'Dry run: what the deploy would change', () => this.dryRun(handle, packageId));
            return { packageId, environment, buildJobId };
        }
        const deployTitle = `Deploy package ${packageId} to "${environment.name}"`;
        const deployed = await this.phases.run('deploy', deployTitle, () => this.deployPackage(handle, packageId));
        const { deployJobId, previousPackageId } = deployed;
        if (!s.wait) {
            log.info('The deploy job was accepted; not waiting for it to finish (wait: false).');
            return { packageId, environment, buildJobId, deployJobId, previousPackageId };
        }
        log.info(`Deployed package ${packageId} to "${environment.name}" in ${this.phases.lastTime()}`);
        // Everything after the deploy job that can show the deploy failed rolls back alike, and the checks run after
        // the last change: the restart, when asked, comes first.
        const ready = await withRollback(async () => {
            const changedAt = s.restart
                ? await this.phases.run('restart', `Restart "${environment.name}"`, () => this.restart(handle))
                : deployed.changedAt;
            return this.phases.run('readiness', undefined, () => this.verifyRunning(handle, packageId, changedAt, 'deploy', !s.restart && deployed.rolloutSeen));
        }, isFailedDeploy, this.rollbackTo(handle, deployed));
        this.leftWith(handle, `runs package ${packageId} (verified)`);
        if (s.keepPackages !== undefined) {
            const keep = s.keepPackages;
            await this.phases.run('retention', `Keep the newest ${keep} packages`, () => this.prunePackages(keep, packageId));
        }
        return {
            packageId,
            environment,
            buildJobId,
            deployJobId,
            previousPackageId,
            appUrl: ready.appUrl,
            state: ready.state
        };
    }
    async findEnvironments() {
        const s = this.settings;
        const manifests = await this.deps.deploy.listEnvironments(this.deps.timeout.deadline());
        const environment = resolveEnvironment(manifests, s.environment, s.namespace);
        const promoteFrom = s.promoteFrom
            ? resolveEnvironment(manifests, s.promoteFrom, undefined, 'promoteFrom')
            : undefined;
        const manifest = manifests.find(m => factsOf(m).id === environment.environmentId);
        if (manifest) {
            const missing = missingConstants(s.constants, knownConstants(manifest), `environment "${environment.name}"`);
            // An app URL the health check or the unit tests would refuse is refused now, before anything changes.
            const problems = [
                ...(missing.names.length > 0 ? [missing.sentence] : []),
                ...(0,app_url/* appUrlProblems */.tg)(factsOf(manifest).appUrl, environment.name, s),
                ...(s.restart && (s.instances ?? factsOf(manifest).instances) === 0
                    ? [
                        `Input 'restart': environment "${environment.name}" has 0 instances (the app is stopped), so there is nothing to restart. Remove restart, or set instances.`
                    ]
                    : [])
            ];
            if (problems.length > 0)
                throw new errors/* InputError */.dz(problems);
        }
        return { environment, promoteFrom };
    }
    /** The deploy's change to the manifest: the package, constants and environment variables, nothing else. */
    deployChange(packageId) {
        const changes = {
            packageId,
            constants: this.settings.constants,
            environmentVariables: this.settings.environmentVariables,
            instances: this.settings.instances
        };
        return {
            changes,
            apply: m => withDeployChanges(m, changes),
            applied: m => holdsChanges(m, changes)
        };
    }
    /** Shows the manifest diff the deploy would apply, in the log and the job summary. */
    async dryRun(handle, packageId) {
        await showDryRun(handle, this.deployChange(packageId), this.settings, this.deps);
    }
    /** The rollback to offer a failed step, when rollbackOnFailure is on. */
    rollbackTo(handle, deployed) {
        if (!this.settings.rollbackOnFailure)
            return undefined;
        return () => this.rollback(handle, deployed);
    }
    async deployPackage(handle, packageId) {
        const { log, progress, clock } = this.deps;
        const before = await handle.read();
        const previousPackageId = factsOf(before).packageId;
        progress.output('previousPackageId', previousPackageId);
        const change = this.deployChange(packageId);
        const deployed = { previousPackageId, before, changes: change.changes };
        if (change.applied(before)) {
            log.info(`Environment "${handle.name}" already runs package ${packageId} with these settings; nothing to change.`);
            return deployed;
        }
        log.info(`The environment runs package ${previousPackageId ?? '(none)'}; setting ${packageId}`);
        const ref = await handle.update(before, change);
        if (!ref) {
            progress.environmentChanged = 'yes';
            this.leftWith(handle, `holds package ${packageId}; it was not verified that it runs`);
            // The reply to the PUT was lost, so there is no job to wait for: the reads that found the change in effect
            // waited until nothing was Processing, and what they saw of its rollout counts (docs/assumptions.md, item 3).
            return { ...deployed, changedAt: clock.now(), rolloutSeen: handle.rolloutSeenWhileSettling };
        }
        progress.output('deployJobId', ref.id);
        log.info(`Deploy job ${ref.id} started`);
        if (!this.settings.wait)
            return { ...deployed, deployJobId: ref.id };
        const started = clock.now();
        try {
            await handle.waitForJob(ref, 'deploy');
        }
        catch (error) {
            if (!(error instanceof errors/* JobError */.CR))
                throw error;
            // The job failed or its wait ran out: what it left is read, not assumed.
            const rollback = this.rollbackTo(handle, { ...deployed, changedAt: clock.now() });
            error.message += ` ${rollback ? (await rollback()).sentence : await this.describeAfterFailedJob(handle, deployed)}`;
            throw error;
        }
        progress.environmentChanged = 'yes';
        this.leftWith(handle, `holds package ${packageId} (deploy job ${ref.id}); it was not verified that it runs`);
        log.info(`Deploy job finished in ${(0,logger/* seconds */.Y)(clock.now() - started)}`);
        return { ...deployed, deployJobId: ref.id, changedAt: clock.now() };
    }
    /** Without a rollback: what a failed deploy job left, from a fresh read. */
    async describeAfterFailedJob(handle, deployed) {
        const { progress } = this.deps;
        try {
            const now = await handle.read();
            const unchanged = holdsFieldsOf(now, deployed.before, deployed.changes);
            progress.environmentChanged = unchanged ? 'no' : 'yes';
            const packageId = factsOf(now).packageId ?? '(none)';
            const sentence = unchanged
                ? `The environment still holds package ${packageId} and the settings it had.`
                : `The environment now holds package ${packageId}.`;
            this.leftWith(handle, unchanged
                ? `still holds package ${packageId} and the settings it had`
                : `holds package ${packageId}; it was not verified that it runs`);
            return sentence;
        }
        catch {
            return 'What the environment holds now could not be read: check it in the Mendix Portal.';
        }
    }
    /**
     * Waits with the one readiness rule (readiness.ts) until the environment runs `packageId`, then checks its
     * health and, after a deploy, runs the unit tests. `changedAt` is when this step's last write finished
     * (undefined: it wrote nothing). Failed, the deadline, a failed health check and failed unit tests are
     * VerificationErrors: a failed deploy, rolled back with rollbackOnFailure.
     */
    async verifyRunning(handle, packageId, changedAt, after, rolloutSeen = false) {
        const { log, progress, clock } = this.deps;
        const manifest = await this.awaitRollout(handle, packageId, changedAt, rolloutSeen);
        const facts = factsOf(manifest);
        if (after === 'deploy') {
            progress.output('appUrl', facts.appUrl);
            progress.output('state', facts.state);
        }
        if (facts.state === 'Failed') {
            throw new errors/* VerificationError */.mk(`Environment "${handle.name}" has container state Failed after the ${after} of package ${packageId}: check its logs in the Mendix Portal.`);
        }
        // instances: 0 asks for the package with the app stopped: Ready then means no instance runs, as asked.
        const holds = facts.instances === 0 ? 'holds package' : 'runs package';
        const stopped = facts.instances === 0 ? ' with no instance running (instances: 0)' : '';
        log.info(`Environment "${handle.name}" ${holds} ${packageId}${stopped}; state Ready${facts.appUrl ? `, ${facts.appUrl}` : ''} (${(0,logger/* seconds */.Y)(Math.max(0, clock.now() - (changedAt ?? clock.now())))} after the ${after})`);
        await this.checkHealth(facts.appUrl);
        // Failed unit tests are a VerificationError too, so they roll back like a failed health check.
        if (after === 'deploy')
            await this.deps.unitTests?.(facts.appUrl, this.deps.timeout.deadline());
        return { appUrl: facts.appUrl, state: facts.state, manifest };
    }
    /** Reads the manifest until the readiness rule ends the wait for `packageId`; returns the last read. */
    async awaitRollout(handle, packageId, changedAt, rolloutSeen) {
        const { log } = this.deps;
        const window = settleWindowMs(this.deps.timeout.ms);
        const judge = new RolloutJudge(packageId, changedAt === undefined ? undefined : changedAt + window, rolloutSeen);
        const last = { verdict: { kind: 'wait' } };
        const final = await handle.waitFor(facts => {
            last.facts = facts;
            last.verdict = judge.judge(facts, this.deps.clock.now());
            return last.verdict.kind !== 'wait';
        }, state => new errors/* VerificationError */.mk(last.facts?.packageId === packageId && (state === 'Ready' || state === 'Failed')
            ? `Environment "${handle.name}" showed ${state} with package ${packageId} only inside the settle window, where it may still describe the old pods, and the deadline came first (timeoutMinutes: ${this.settings.timeoutMinutes}): whether the package runs was not seen.`
            : `Environment "${handle.name}" was still ${state} at the deadline (timeoutMinutes: ${this.settings.timeoutMinutes}), not seen Ready with package ${packageId}.`), (state, elapsed) => log.info(`The environment is ${state} (after ${(0,logger/* seconds */.Y)(elapsed)})`));
        const facts = factsOf(final);
        if (last.verdict.kind === 'replaced') {
            throw new Error(`Environment "${handle.name}" runs package ${facts.packageId ?? '(none)'}, not ${packageId}: ` +
                'another change replaced ours meanwhile, so nothing is rolled back. Check the environment history in the Mendix Portal.');
        }
        if (last.verdict.kind === 'no-state') {
            throw new Error(`Environment "${handle.name}" holds package ${packageId}, but its status reports no container state, so whether it runs cannot be told. ` +
                'Check the environment in the Mendix Portal.');
        }
        return final;
    }
    /**
     * With healthCheckPath, waits until the app answers the expected status; throws VerificationError if not. An
     * app URL refused now (it changed since findEnvironments) is an AppUrlRefusedError: no failed deploy, no rollback.
     */
    async checkHealth(appUrl) {
        const { healthCheckPath, healthCheckStatus } = this.settings;
        const { clock, log, signal, transport } = this.deps;
        if (!healthCheckPath)
            return;
        if (!transport)
            throw new Error('The health check has no transport to call the app with.');
        const url = (0,app_url/* healthCheckUrl */.CF)(appUrl, healthCheckPath, this.settings.apiUrl);
        await waitForHealth(url, healthCheckStatus, {
            transport,
            clock,
            log,
            signal,
            deadline: this.deps.timeout.deadline()
        });
    }
    /**
     * Puts back every field the deploy changed, as it was before (package, instances, constants, environment
     * variables), waits for the job and proves with the readiness rule (and the health check) that the previous
     * package runs again; only then is `rolledBack` true. Says how that went, in one sentence.
     */
    async rollback(handle, deployed) {
        const { log, progress, clock } = this.deps;
        const previous = factsOf(deployed.before).packageId;
        if (!previous) {
            return {
                ok: false,
                sentence: `Nothing to roll back to: environment "${handle.name}" had no package before this run.`
            };
        }
        if (deployed.changedAt === undefined && !this.restartWrote) {
            return {
                ok: false,
                sentence: `Nothing to roll back: this run changed nothing in environment "${handle.name}", which already had package ${previous} with these settings.`
            };
        }
        this.deps.timeout.useReserve();
        const phase = progress.phase;
        try {
            return await this.phases.run('rollback', `Roll back "${handle.name}" to package ${previous}`, async () => {
                const restore = {
                    apply: m => withFieldsRestored(m, deployed.before, deployed.changes),
                    applied: m => holdsFieldsOf(m, deployed.before, deployed.changes)
                };
                const current = await handle.read();
                if (restore.applied(current) && factsOf(current).state !== 'Failed') {
                    progress.environmentChanged = 'no';
                    this.leftWith(handle, `still holds package ${previous} and the settings it had`);
                    return {
                        ok: false,
                        sentence: `Nothing to roll back: environment "${handle.name}" still has package ${previous} and the settings it had.`
                    };
                }
                log.warning(`Rolling back environment "${handle.name}" to package ${previous} and the settings it had`, 'Rollback');
                const ref = await handle.change('rollback', restore, current);
                this.leftWith(handle, `was rolled back to package ${previous}${ref ? ` (job ${ref.id})` : ''}; it was not verified that it runs`);
                const verified = await this.verifyRunning(handle, previous, clock.now(), 'rollback');
                if (!restore.applied(verified.manifest)) {
                    throw new errors/* VerificationError */.mk(`Environment "${handle.name}" runs package ${previous} again, but no longer holds the settings it had before this run (instances, constants or environment variables): check them in the Mendix Portal.`);
                }
                progress.output('rolledBack', 'true');
                progress.environmentChanged = 'no';
                this.leftWith(handle, `was rolled back: it runs package ${previous} again, with the settings it had (verified)`);
                return {
                    ok: true,
                    sentence: `Rolled back: the environment runs package ${previous} again, with the settings it had${ref ? ` (job ${ref.id})` : ''}; verified Ready${this.settings.healthCheckPath ? ' and healthy' : ''}.`
                };
            });
        }
        catch (error) {
            if (error instanceof errors/* CancelledError */.cc)
                throw error;
            return failedRollback(previous, error);
        }
        finally {
            progress.phase = phase;
        }
    }
    /**
     * The documented restart: instances to 0, wait, then back to the count it had. Returns when the last write's
     * job finished, for the readiness rule.
     */
    async restart(handle) {
        const { log, clock } = this.deps;
        const current = await handle.read();
        const instances = factsOf(current).instances || 1;
        for (const target of [0, instances]) {
            log.info(`Setting instances to ${target}`);
            this.restartWrote = true;
            await handle.change('restart', { apply: m => withInstances(m, target), applied: m => factsOf(m).instances === target }, 
            // The first write starts from the manifest just read; the second must see what the first changed.
            target === 0 ? current : undefined);
        }
        log.info(`Restarted "${handle.name}" with ${instances} instance(s); checking that it runs`);
        return clock.now();
    }
    /** Says, for a stopped step's last lines and summary, what the environment was left with. */
    leftWith(handle, what) {
        this.deps.progress.environmentNote = `Environment "${handle.name}" ${what}.`;
    }
    /** Retention (retention.ts): deletes the oldest packages beyond `keep` and waits; its failures are warnings. */
    async prunePackages(keep, deployedPackageId) {
        await prunePackages({ ...this.deps, waiter: this.waiter }, keep, deployedPackageId);
    }
}

;// CONCATENATED MODULE: ./src/private-cloud/target.ts
/** Mendix for Private Cloud as a deploy target: the Build and Deploy APIs with a PAT. */





const privateCloud = {
    // The Private Cloud app id is the App Repository API's app id too.
    repositoryAppId: settings => Promise.resolve(settings.appId),
    create(settings, context) {
        const client = context.http((0,src_http/* patCredentials */.AF)(settings.token));
        const flow = new PrivateCloudFlow(settings, {
            ...context,
            build: new BuildApi(client, settings.appId),
            deploy: new SecretMaskingDeployApi(client, settings.appId, settings),
            jobs: new JobsClient(client)
        });
        return {
            run: async () => {
                const result = await flow.run();
                return {
                    packageId: result.packageId,
                    environmentName: result.environment.name,
                    appUrl: result.appUrl
                };
            }
        };
    }
};

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
// EXTERNAL MODULE: ./src/inputs.ts + 1 modules
var inputs = __nccwpck_require__(4537);
;// CONCATENATED MODULE: ./src/preview/event.ts
/** The pull request a preview belongs to, from the event that started the workflow (GITHUB_EVENT_PATH). */

/** Reads the event file the runner writes; a missing or unreadable one is an event without a pull request. */
function readEvent(env) {
    const name = env.GITHUB_EVENT_NAME ?? '';
    let payload;
    try {
        payload = env.GITHUB_EVENT_PATH ? JSON.parse((0,external_node_fs_.readFileSync)(env.GITHUB_EVENT_PATH, 'utf8')) : undefined;
    }
    catch {
        return { name };
    }
    const body = (payload ?? {});
    const pr = body.pull_request;
    const number = pr?.number;
    return {
        name,
        ...(typeof body.action === 'string' ? { action: body.action } : {}),
        ...(typeof number === 'number' && Number.isSafeInteger(number) && number > 0
            ? {
                pr: {
                    number,
                    ...(typeof pr?.head?.sha === 'string' ? { headSha: pr.head.sha } : {}),
                    ...(typeof pr?.title === 'string' ? { title: pr.title } : {})
                }
            }
            : {})
    };
}

;// CONCATENATED MODULE: ./src/preview/naming.ts
/**
 * How a preview environment is named and marked, and how the action recognises one it created.
 *
 * The Mendix docs (Deploying a Mendix App to a Private Cloud Cluster, "Creating an Environment";
 * https://docs.mendix.com/developerportal/deploy/private-cloud-deploy/) set the rules for an environment's
 * internal name: lowercase letters, digits and dashes, starting and ending with a letter or digit, not starting
 * with `mendix-` or `openshift-`; a name stays taken after its environment is deleted, and one still being
 * deleted cannot be taken again. The Deploy API 4.9.0 caps `environmentId` at 8 characters (4.14.0 at 32), so
 * ids here always fit 8. Each creation gets a fresh random part: an id is never reused.
 */

/** The annotation that marks an environment as a preview this action created: `<owner>/<repo>#<pr>`. */
const MARKER_KEY = 'preview.mendix-deploy-action.github.io/pull-request';
/** When the preview was created (ISO 8601), for the sweep's age rule. */
const CREATED_KEY = 'preview.mendix-deploy-action.github.io/created';
/** Every preview id starts with this, and every preview name with NAME_PREFIX. */
const ID_PREFIX = 'p';
const NAME_PREFIX = 'preview-pr';
/** The Deploy API 4.9.0 limit on `environmentId`. */
const MAX_ID_LENGTH = 8;
/** The fewest random characters an id carries, so that two creations for one pull request differ. */
const MIN_RANDOM = 2;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const RESERVED = /^(mendix|openshift)-/;
const NAME_RULE = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
/** Whether a name keeps the documented rules for an environment's internal name (and fits `max`). */
function isValidEnvironmentName(name, max = MAX_ID_LENGTH) {
    return name.length <= max && NAME_RULE.test(name) && !RESERVED.test(name);
}
/** A new id and name for a preview of pull request `pr`, different from every id in `taken`. */
function newPreviewIdentity(pr, taken, random) {
    // The PR number in decimal while it leaves room for the random part, in base 36 after that.
    const number = String(pr).length <= MAX_ID_LENGTH - ID_PREFIX.length - MIN_RANDOM ? String(pr) : pr.toString(36);
    const stem = `${ID_PREFIX}${number}`;
    if (stem.length > MAX_ID_LENGTH - MIN_RANDOM)
        throw new Error(`Pull request number ${pr} is too large for a preview environment id.`);
    for (let attempt = 0; attempt < 100; attempt++) {
        let suffix = '';
        while (stem.length + suffix.length < MAX_ID_LENGTH)
            suffix += ALPHABET[Math.floor(random() * ALPHABET.length) % ALPHABET.length];
        const id = `${stem}${suffix}`;
        if (!taken.has(id) && isValidEnvironmentName(id))
            return { id, name: `${NAME_PREFIX}${pr}-${suffix}` };
    }
    throw new Error(`Could not find a free preview environment id for pull request ${pr}.`);
}
/** The annotations that mark a preview: which repository and pull request it belongs to, and when it was made. */
function markerAnnotations(repository, pr, createdAt) {
    return [
        { key: MARKER_KEY, value: `${repository}#${pr}`, annotationType: 'Pod' },
        { key: CREATED_KEY, value: createdAt.toISOString(), annotationType: 'Pod' }
    ];
}
function annotation(manifest, key) {
    const environment = manifest.environment;
    const list = Array.isArray(environment?.annotations) ? environment.annotations : [];
    const found = list.find(a => a && typeof a === 'object' && a.key === key);
    return typeof found?.value === 'string' ? found.value : undefined;
}
/** Whether an environment looks like a preview by its id or name (whether or not it carries the marker). */
function looksLikePreview(manifest) {
    const facts = factsOf(manifest);
    return (facts.name ?? '').startsWith(NAME_PREFIX) || annotation(manifest, MARKER_KEY) !== undefined;
}
/**
 * The preview this repository's action created, or undefined: the id prefix, the name prefix and the marker
 * annotation naming this repository must all be there, and it must not be production or the Studio target.
 * Nothing else is ever deleted.
 */
function previewOf(manifest, repository) {
    const facts = factsOf(manifest);
    const marker = annotation(manifest, MARKER_KEY);
    const match = marker ? /^(.+)#(\d{1,9})$/.exec(marker) : null;
    if (!match || match[1] !== repository)
        return undefined;
    const pr = Number(match[2]);
    if (!facts.id?.startsWith(ID_PREFIX) || !isValidEnvironmentName(facts.id))
        return undefined;
    if (!facts.name?.startsWith(`${NAME_PREFIX}${pr}-`))
        return undefined;
    if (!facts.namespaceId || facts.production !== false)
        return undefined;
    const properties = manifest
        .environment?.properties;
    if (properties?.defaultStudioTarget !== false)
        return undefined;
    const created = Date.parse(annotation(manifest, CREATED_KEY) ?? '');
    return {
        id: facts.id,
        name: facts.name,
        namespaceId: facts.namespaceId,
        pr,
        ...(Number.isNaN(created) ? {} : { createdAt: created })
    };
}

;// CONCATENATED MODULE: ./src/preview/template.ts
/**
 * A preview's manifest, made from its template's. The Deploy API docs' own recipe for a new environment
 * (https://docs.mendix.com/apidocs-mxsdk/apidocs/private-cloud-deploy-api/, "create environment": copy an
 * existing environment's manifest and change its id, name, app URL and package) is followed, with rules that
 * keep a preview from acting as its template:
 * - copied: container resources, runtime settings (version, environment variables, custom settings),
 *   constants, scheduled events, log levels, `provider` and `services`;
 * - not copied: client certificates (they carry a key and a password) unless asked for, runtime secrets
 *   (admin and debugger passwords, the subscription secret: the `subscriptionSecret` input gives its own, which
 *   is sent base64-encoded, as the Deploy API 4.14 types `runtime.subscriptionSecret`),
 *   and the template's annotations and deployment strategy;
 * - dropped as read-only or state: `container.state`, `lastRunningInstanceCount`, `environmentPurpose`;
 * - never production, never the default Studio Pro target.
 */



function template_object(value) {
    return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
}
function pick(source, keys) {
    return Object.fromEntries(keys.filter(key => key in source).map(key => [key, structuredClone(source[key])]));
}
/**
 * Deploy API 4.14 types the runtime secrets as base64 strings (`LS0t`, base64 of `---`, clears one):
 * https://docs.mendix.com/apidocs-mxsdk/apidocs/private-cloud-deploy-api/ (environment manifest, `runtime`).
 */
const base64 = (text) => Buffer.from(text, 'utf8').toString('base64');
/** Refuses a production template unless `allowed` repeats its name (or id): before anything is created. */
function checkNotProduction(template, allowed) {
    const facts = factsOf(template);
    if (facts.production !== true)
        return;
    if (allowed !== undefined && (allowed === facts.name || allowed === facts.id))
        return;
    throw new errors/* InputError */.dz([
        `Input 'previewFrom': environment "${facts.name ?? facts.id}" is a production environment. A preview copies its constants, so it would talk to production integrations. ` +
            `Name a test environment as previewFrom, or opt in with previewAllowProduction: ${facts.name ?? facts.id}.`
    ]);
}
/** Refuses a template with a Dedicated service plan: such a plan serves one environment, so a copy cannot have it. */
function checkOnDemandPlans(template) {
    const services = template_object(template.environment).services;
    const dedicated = (Array.isArray(services) ? services : [])
        .map(template_object)
        .filter(service => service.plan === 'Dedicated')
        .map(service => String(service.name));
    if (dedicated.length === 0)
        return;
    const facts = factsOf(template);
    throw new errors/* InputError */.dz([
        `Input 'previewFrom': environment "${facts.name ?? facts.id}" uses the Dedicated plan for service ${dedicated.join(', ')}. ` +
            'A Dedicated plan serves one environment only, so previews need OnDemand plans: name a template whose services all use OnDemand plans.'
    ]);
}
/** The app URL of a preview: the template's, with its first host label replaced by the preview's name. */
function previewAppUrl(templateUrl, name) {
    try {
        const url = new URL(templateUrl ?? '');
        const [, ...rest] = url.hostname.split('.');
        url.hostname = rest.length ? [name, ...rest].join('.') : name;
        return url.toString().replace(/\/$/, '');
    }
    catch {
        // No usable template URL: the operator gives the environment one.
        return '';
    }
}
/** The create body: the template's manifest with the rules above. */
function previewManifest(template, spec) {
    const source = template_object(template.environment);
    const properties = template_object(source.properties);
    const deployment = template_object(source.deployment);
    const container = template_object(source.container);
    const runtime = template_object(source.runtime);
    const network = template_object(source.network);
    const environment = {
        id: spec.id,
        properties: {
            name: spec.name,
            production: false,
            defaultStudioTarget: false,
            secretsStoreEnabled: properties.secretsStoreEnabled === true,
            ...pick(properties, ['OverwriteProductTypePCLM'])
        },
        deployment: {
            appUrl: previewAppUrl(typeof deployment.appUrl === 'string' ? deployment.appUrl : undefined, spec.name),
            packageId: typeof deployment.packageId === 'string' ? deployment.packageId : '',
            ...pick(deployment, ['constants', 'scheduledEvents', 'appLogLevels'])
        },
        container: {
            // One instance is enough for a preview; the template's resources are kept.
            instances: 1,
            ...pick(container, ['coreResources'])
        },
        runtime: {
            ...pick(runtime, ['runtimeVersion', 'environmentVariables', 'customRuntimeSettings']),
            ...(spec.subscriptionSecret ? { subscriptionSecret: base64(spec.subscriptionSecret) } : {})
        },
        provider: structuredClone(source.provider),
        services: structuredClone(source.services),
        annotations: markerAnnotations(spec.repository, spec.pr, spec.createdAt),
        ...pick(source, ['runtimeMetricsConfiguration'])
    };
    if (spec.copyCertificates && Array.isArray(network.outgoingConnectionCertificate)) {
        environment.network = {
            outgoingConnectionCertificate: structuredClone(network.outgoingConnectionCertificate)
        };
    }
    const manifest = {
        manifestVersion: typeof template.manifestVersion === 'string' ? template.manifestVersion : '2.0.0',
        environment
    };
    // The user's constants and environment variables, as for a deploy.
    return withDeployChanges(manifest, {
        packageId: String(template_object(environment.deployment).packageId),
        constants: spec.constants,
        environmentVariables: spec.environmentVariables
    });
}

;// CONCATENATED MODULE: ./src/preview/flow.ts













/** The licensing note for the summary, the comment and the README (Mendix docs, "Licensing Mendix for Private Cloud"). */
const LICENSE_NOTE = 'Without a subscription secret (input subscriptionSecret) or a license manager, the preview runs unlicensed: at most 6 concurrent users, and the runtime stops after 2 to 4 hours.';
/** The name of the GitHub environment (and Deployment) of a pull request's preview. */
function gitHubEnvironmentOf(pr) {
    return `preview-pr-${pr}`;
}
/** The pull-request comment after a deploy: every value from the service escaped for Markdown and HTML. */
function previewComment(shown) {
    return [
        '### Mendix preview of this pull request',
        '',
        '| | |',
        '|---|---|',
        `| Environment | ${(0,untrusted/* escapeCell */.kq)(shown.preview.name)} (${(0,untrusted/* codeCell */.MZ)(shown.preview.id)}) |`,
        `| App URL | ${shown.appUrl ? (0,untrusted/* linkCell */.Zi)(shown.appUrl) : '(unknown)'} |`,
        `| Package | ${(0,untrusted/* codeCell */.MZ)(shown.packageId)} |`,
        `| State | ${(0,untrusted/* escapeCell */.kq)(shown.state ?? '(unknown)')} |`,
        '',
        ...(shown.licensed ? [] : [`_${LICENSE_NOTE}_`])
    ];
}
class PreviewFlow {
    settings;
    deps;
    phases;
    waiter;
    /** The ids of the previews this run deleted, for a failure or cancellation report. */
    deleted = [];
    constructor(settings, deps) {
        this.settings = settings;
        this.deps = deps;
        this.phases = new src_phases/* Phases */.V(deps);
        this.waiter = new JobWaiter(deps, settings);
    }
    run() {
        switch (this.settings.preview) {
            case 'deploy':
                return this.deploy();
            case 'cleanup':
                return this.cleanup();
            case 'sweep':
                return this.sweep();
            default:
                throw new Error('The preview flow runs only with the preview input set.');
        }
    }
    deadline() {
        return this.deps.timeout.deadline();
    }
    pullRequest() {
        const { event } = this.deps;
        if (!event.pr) {
            throw new errors/* InputError */.dz([
                `Input 'preview' is ${this.settings.preview}, which needs a pull_request event; this run is a ${event.name || 'unknown'} event. ` +
                    'Run it on: pull_request (types opened, synchronize, reopened and closed), or use preview: sweep on a schedule.'
            ]);
        }
        // A deploy on a closed pull request would bring back what the clean-up removed.
        if (this.settings.preview === 'deploy' && event.action === 'closed') {
            throw new errors/* InputError */.dz([
                `Input 'preview' is deploy, but pull request #${event.pr.number} was closed: use preview: cleanup on the closed event.`
            ]);
        }
        return event.pr;
    }
    /** This repository's previews, and the environments that look like previews but lack its marker. */
    previews(manifests) {
        const ours = [];
        const unmarked = [];
        for (const manifest of manifests) {
            const preview = previewOf(manifest, this.deps.run.repository);
            if (preview)
                ours.push(preview);
            else if (looksLikePreview(manifest))
                unmarked.push(manifest);
        }
        return { ours, unmarked };
    }
    async deploy() {
        const { log, progress } = this.deps;
        const pr = this.pullRequest();
        const s = this.settings;
        const deployment = this.deps.deployment?.(gitHubEnvironmentOf(pr.number), pr.headSha ?? this.deps.run.sha);
        await deployment?.start();
        try {
            const preview = await this.phases.run('preview', `Preview environment of pull request #${pr.number}`, () => this.findOrCreate(pr.number));
            progress.output('environmentId', preview.id);
            progress.output('namespaceId', preview.namespaceId);
            const flow = new PrivateCloudFlow({ ...s, environment: preview.id, namespace: preview.namespaceId }, this.deps);
            const result = await flow.run();
            await deployment?.finish('success', result.appUrl);
            const lines = [
                `Pull request #${pr.number}: environment "${preview.name}" (id ${preview.id}) runs package ${result.packageId}${result.appUrl ? ` at ${result.appUrl}` : ''}.`,
                ...(s.subscriptionSecret ? [] : [LICENSE_NOTE])
            ];
            progress.sections.push({ title: 'Preview environment', lines });
            if (!s.subscriptionSecret)
                log.info(LICENSE_NOTE);
            await this.comment(pr.number, previewComment({ preview, ...result, licensed: s.subscriptionSecret !== undefined }));
            return {
                packageId: result.packageId,
                environmentName: preview.name,
                appUrl: result.appUrl,
                title: `Mendix preview of pull request #${pr.number} deployed`
            };
        }
        catch (error) {
            // A cancelled step must end before the runner's kill: GitHub is not told.
            if (error instanceof errors/* CancelledError */.cc)
                throw error;
            await deployment?.finish('failure');
            await this.comment(pr.number, [
                '### Mendix preview of this pull request',
                '',
                `The preview deploy failed: see the workflow run ${this.runUrl()}.`
            ]);
            throw error;
        }
    }
    runUrl() {
        const { run } = this.deps;
        return `${run.serverUrl}/${run.repository}/actions/runs/${run.runId}`;
    }
    async comment(pr, lines) {
        await this.deps.github?.upsertComment(pr, lines.join('\n'));
    }
    /** The pull request's preview: the one it has, or a new one copied from the template. */
    async findOrCreate(pr) {
        const { log } = this.deps;
        const manifests = await this.deps.deploy.listEnvironments(this.deadline());
        const { ours } = this.previews(manifests);
        const existing = ours.filter(p => p.pr === pr).sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0));
        if (existing.length > 0) {
            const [preview] = existing;
            log.info(`Pull request #${pr} has preview environment "${preview.name}" (id ${preview.id}); deploying to it`);
            return preview;
        }
        return this.create(pr, manifests, ours);
    }
    /** Creates the preview after every check that can refuse it; on a failed creation, removes what it made. */
    async create(pr, manifests, ours) {
        const { log, deploy, progress } = this.deps;
        const s = this.settings;
        const found = resolveEnvironment(manifests, s.previewFrom ?? '', s.namespace, 'previewFrom');
        const template = await deploy.getManifest(found, this.deadline());
        checkNotProduction(template, s.previewAllowProduction);
        checkOnDemandPlans(template);
        if (ours.length >= s.previewLimit) {
            const list = ours.map(p => `"${p.name}" (id ${p.id}) for pull request #${p.pr}`).join(', ');
            throw new errors/* InputError */.dz([
                `Input 'previewLimit': this repository has ${ours.length} preview environments, the limit: ${list}. ` +
                    'Close or clean up one of those pull requests (preview: cleanup), or raise previewLimit.'
            ]);
        }
        const missing = missingConstants(s.constants, knownConstants(template), `template environment "${found.name}"`);
        if (missing.names.length > 0)
            throw new errors/* InputError */.dz([missing.sentence]);
        const taken = new Set(manifests.map(m => factsOf(m).id ?? ''));
        const { id, name } = newPreviewIdentity(pr, taken, this.deps.random);
        const manifest = previewManifest(template, {
            id,
            name,
            repository: this.deps.run.repository,
            pr,
            createdAt: new Date(this.deps.clock.now()),
            copyCertificates: s.previewCopyCertificates,
            subscriptionSecret: s.subscriptionSecret,
            constants: s.constants,
            environmentVariables: s.environmentVariables
        });
        const preview = { id, name, namespaceId: found.namespaceId, pr, production: false };
        log.info(`Creating preview environment "${name}" (id ${id}) from "${found.name}" in namespace ${found.namespaceId}`);
        progress.environmentNote =
            `The creation of preview environment "${name}" (id ${id}) was requested and may be in progress: ` +
                'once it ends, run preview: cleanup for this pull request (or a new push deploys to it).';
        let ref;
        try {
            ref = await deploy.createEnvironment(manifest, this.deadline());
        }
        catch (error) {
            if (error instanceof src_http/* ApiError */.hD && error.outcomeUnknown && error instanceof Error) {
                error.message +=
                    ` The environment "${name}" (id ${id}) may have been created all the same: ` +
                        're-run this workflow with preview: cleanup for this pull request, or delete it in the Mendix Portal.';
            }
            throw error;
        }
        const started = this.deps.clock.now();
        const job = await this.waiter.wait('create', ref, DEPLOY_SCOPES.read);
        if (job.status !== 'finished' || job.error) {
            const reason = job.error?.message ?? `it ended as ${job.status}`;
            throw new errors/* JobError */.CR(`The creation job ${ref.id} of preview environment "${name}" (id ${id}) failed: ${reason}. ${await this.removeFailed(preview)}`, ref.id);
        }
        progress.environmentNote = undefined;
        log.info(`Created preview environment "${name}" in ${(0,logger/* seconds */.Y)(this.deps.clock.now() - started)}`);
        return preview;
    }
    /** After a failed creation: deletes what was made, or says exactly what is left and how to remove it. */
    async removeFailed(preview) {
        const manifests = await this.deps.deploy.listEnvironments(this.deadline());
        const made = manifests.find(m => factsOf(m).id === preview.id);
        if (!made)
            return 'Nothing was left behind: the environment does not exist.';
        try {
            await this.delete(preview);
            return 'The half-made environment was deleted; nothing is left.';
        }
        catch (error) {
            return (`The half-made environment "${preview.name}" (id ${preview.id}, namespace ${preview.namespaceId}) is left: ${(0,errors/* messageOf */.bD)(error)} ` +
                'Remove it with preview: cleanup for this pull request, or delete it in the Mendix Portal.');
        }
    }
    /**
     * Deletes one preview and waits for the deletion job. Reads the environment again first and deletes it only
     * if it still carries this repository's marker; never sends `force=true`.
     */
    async delete(preview) {
        const { deploy, log, progress } = this.deps;
        const address = { namespaceId: preview.namespaceId, environmentId: preview.id };
        const current = await deploy.getManifest(address, this.deadline());
        const checked = previewOf(current, this.deps.run.repository);
        if (!checked || checked.id !== preview.id) {
            throw new Error(`Refusing to delete environment ${preview.id}: it no longer carries this repository's preview marker.`);
        }
        const done = this.deleted.length ? ` Deleted before: ${this.deleted.join(', ')}.` : '';
        progress.environmentNote = `The deletion of environment ${preview.id} was requested and may be in progress: check it in the Mendix Portal.${done}`;
        const ref = await deploy.deleteEnvironment(address, this.deadline());
        log.info(`Deleting preview environment "${preview.name}" (id ${preview.id}): job ${ref.id}`);
        const job = await this.waiter.wait('delete', ref, DEPLOY_SCOPES.read);
        if (job.status !== 'finished' || job.error) {
            progress.environmentNote = `The deletion of environment ${preview.id} failed.${done}`;
            throw new errors/* JobError */.CR(`The deletion job ${ref.id} of preview environment "${preview.name}" (id ${preview.id}) failed: ${job.error?.message ?? `it ended as ${job.status}`}. ` +
                `Cluster resources (its database, files, ingress and service) may remain in namespace ${preview.namespaceId} even if the environment has left the Mendix Portal: ` +
                'check the namespace with your cluster administrator, and retry with preview: cleanup.', ref.id);
        }
        this.deleted.push(preview.id);
        progress.environmentNote = `Deleted environments: ${this.deleted.join(', ')}.`;
        log.info(`Deleted preview environment "${preview.name}" (id ${preview.id})`);
    }
    /** Warns about environments that look like previews but lack the marker: they are never deleted. */
    refuseUnmarked(unmarked) {
        return unmarked.map(manifest => {
            const facts = factsOf(manifest);
            const line = `Not deleting environment "${facts.name ?? '?'}" (id ${facts.id ?? '?'}): it looks like a preview but lacks this repository's preview marker, so this action did not create it. Delete it by hand if it is no longer needed.`;
            this.deps.log.warning(line, 'Preview not deleted');
            return line;
        });
    }
    async cleanup() {
        const { progress } = this.deps;
        const pr = this.pullRequest().number;
        const manifests = await this.deps.deploy.listEnvironments(this.deadline());
        const { ours, unmarked } = this.previews(manifests);
        const mine = ours.filter(p => p.pr === pr);
        const refused = this.refuseUnmarked(unmarked.filter(m => (factsOf(m).name ?? '').startsWith(`${NAME_PREFIX}${pr}-`)));
        const lines = [];
        for (const preview of mine) {
            progress.output('environmentId', preview.id);
            await this.phases.run('cleanup', `Delete preview environment "${preview.name}"`, () => this.delete(preview));
            lines.push(`Deleted "${preview.name}" (id ${preview.id}) of pull request #${pr}.`);
        }
        if (mine.length === 0) {
            lines.push(`Pull request #${pr} has no preview environment; nothing to delete.`);
            this.deps.log.info(lines[0]);
        }
        progress.sections.push({ title: 'Preview clean-up', lines: [...lines, ...refused] });
        await this.deps.github?.deactivate(gitHubEnvironmentOf(pr));
        if (mine.length > 0)
            await this.comment(pr, [
                '### Mendix preview of this pull request',
                '',
                `Deleted: ${mine.map(p => `${(0,untrusted/* escapeCell */.kq)(p.name)} (${(0,untrusted/* codeCell */.MZ)(p.id)})`).join(', ')}.`
            ]);
        return {
            packageId: '',
            environmentName: mine.map(p => p.name).join(', ') || '(none)',
            title: `Mendix preview of pull request #${pr} cleaned up`
        };
    }
    async sweep() {
        const { log, clock, progress, github } = this.deps;
        const manifests = await this.deps.deploy.listEnvironments(this.deadline());
        const { ours, unmarked } = this.previews(manifests);
        const refused = this.refuseUnmarked(unmarked);
        if (!github)
            log.info('Without githubToken the sweep cannot see which pull requests are closed: it deletes by age only.');
        const maxAgeMs = this.settings.previewMaxAgeHours * 3_600_000;
        const lines = [];
        const failures = [];
        for (const preview of ours) {
            const ageMs = preview.createdAt === undefined ? undefined : clock.now() - preview.createdAt;
            const reason = ageMs !== undefined && ageMs > maxAgeMs
                ? `created ${(ageMs / 3_600_000).toFixed(1)} hours ago, over previewMaxAgeHours ${this.settings.previewMaxAgeHours}`
                : (await github?.isClosed(preview.pr))
                    ? `pull request #${preview.pr} is closed`
                    : undefined;
            if (!reason) {
                lines.push(`Kept "${preview.name}" (id ${preview.id}) of pull request #${preview.pr}.`);
                continue;
            }
            try {
                await this.phases.run('sweep', `Delete preview environment "${preview.name}" (${reason})`, () => this.delete(preview));
                lines.push(`Deleted "${preview.name}" (id ${preview.id}) of pull request #${preview.pr}: ${reason}.`);
                await github?.deactivate(gitHubEnvironmentOf(preview.pr));
            }
            catch (error) {
                failures.push((0,errors/* messageOf */.bD)(error));
            }
        }
        if (ours.length === 0)
            lines.push('No preview environments of this repository.');
        lines.forEach(line => log.info(line));
        progress.sections.push({ title: 'Preview sweep', lines: [...lines, ...refused] });
        if (failures.length > 0)
            throw new errors/* JobError */.CR(failures.join('\n'), '');
        return {
            packageId: '',
            environmentName: this.deleted.join(', ') || '(none deleted)',
            title: 'Mendix preview sweep done'
        };
    }
}

;// CONCATENATED MODULE: ./src/preview/target.ts
/**
 * Preview environments per pull request, on the target contract: a capability beside the Private Cloud deploy
 * (deploy.ts picks it when the `preview` input is set), built from the same API clients, job waiter and flow.
 */










/** GitHub's side of a preview (comment, Deployment), loaded only with a githubToken: Octokit and undici are most of the bundle. */
async function gitHubParts(settings, run, log) {
    if (!settings.githubToken)
        return {};
    const [{ PreviewGitHub }, { GitHubDeployment }] = await Promise.all([
        Promise.all(/* import() */[__nccwpck_require__.e(368), __nccwpck_require__.e(641)]).then(__nccwpck_require__.bind(__nccwpck_require__, 5641)),
        Promise.all(/* import() */[__nccwpck_require__.e(368), __nccwpck_require__.e(386)]).then(__nccwpck_require__.bind(__nccwpck_require__, 1386))
    ]);
    const apiUrl = process.env.GITHUB_API_URL ?? 'https://api.github.com';
    const token = settings.githubToken;
    return {
        github: new PreviewGitHub({ token, apiUrl, repository: run.repository, appId: settings.appId }, log, (m, title) => output.notice(m, { title })),
        deployment: (environment, sha) => new GitHubDeployment({
            token,
            apiUrl,
            repository: run.repository,
            sha,
            runUrl: `${run.serverUrl}/${run.repository}/actions/runs/${run.runId}`,
            environment,
            description: `Mendix preview of ${settings.branch}@${settings.revision}`
        }, log)
    };
}
const preview = {
    repositoryAppId: (...args) => privateCloud.repositoryAppId(...args),
    // Only a preview deploy builds; clean-up and sweep delete environments and need no branch or revision.
    needsSource: settings => settings.preview === 'deploy',
    create(settings, context) {
        const client = context.http((0,src_http/* patCredentials */.AF)(settings.token));
        const run = (0,inputs/* runContextFromEnv */.wX)(process.env);
        return {
            run: async () => {
                const flow = new PreviewFlow(settings, {
                    ...context,
                    build: new BuildApi(client, settings.appId),
                    deploy: new SecretMaskingDeployApi(client, settings.appId, settings),
                    jobs: new JobsClient(client),
                    event: readEvent(process.env),
                    run,
                    random: () => (0,external_node_crypto_.randomInt)(0, 1_000_000) / 1_000_000,
                    ...(await gitHubParts(settings, run, context.log))
                });
                return flow.run();
            }
        };
    }
};

// EXTERNAL MODULE: ./src/repository.ts
var repository = __nccwpck_require__(3627);
;// CONCATENATED MODULE: ./src/source.ts




/** The settings with the branch and revision to build. */
async function resolveSource(settings, deps) {
    const wantsHead = settings.revision === 'latest';
    const cloud = settings.target === 'mendix-cloud';
    const spell = (name) => (cloud ? (0,repository/* v1BranchName */.D_)(name) : name);
    // Promotion and upload build nothing: there is no source to resolve.
    if (settings.packageFile || (settings.target === 'private-cloud' && settings.promoteFrom))
        return settings;
    // A build in the runner builds the workspace: the workflow's own commit, with no Team Server to ask (Mendix
    // takes the App Repository API away from apps in their own Git).
    const runner = settings.runnerBuild;
    if (runner)
        return (0,inputs/* withSource */.g5)(settings, runner.refName, runner.commit || 'workspace');
    if (!wantsHead && ((0,repository/* isMainLine */.ud)(settings.branch) || !deps.repository)) {
        return (0,inputs/* withSource */.g5)(settings, spell(settings.branch), settings.revision);
    }
    if (!deps.repository) {
        throw new errors/* InputError */.dz([
            "Input 'revision' is latest, which needs input 'token' to look up the branch head."
        ]);
    }
    let found;
    try {
        const api = new repository/* RepositoryApi */.tl(deps.repository, await deps.repositoryAppId());
        found = await (0,repository/* resolveBranch */.pd)(api, settings.branch, deps.deadline);
    }
    catch (error) {
        if (error instanceof repository/* BranchNotFoundError */.EJ)
            throw new errors/* InputError */.dz([error.message]);
        if (!wantsHead && error instanceof src_http/* ApiError */.hD && (error.status === 401 || error.status === 403)) {
            deps.log.warning(`Could not check branch ${settings.branch} in the App Repository API (${error.status}); building it as given. A token with ${repository/* REPOSITORY_SCOPE */.q1} lets the action check branch names before building.`, 'Branch not checked');
            return (0,inputs/* withSource */.g5)(settings, spell(settings.branch), settings.revision);
        }
        throw error;
    }
    const revision = wantsHead ? found.head : settings.revision;
    const branch = spell(found.name);
    deps.log.info(wantsHead
        ? `Branch ${branch}: building its head, revision ${revision}`
        : `Branch ${branch}: found in the app's repository`);
    return (0,inputs/* withSource */.g5)(settings, branch, revision);
}

;// CONCATENATED MODULE: ./src/deploy.ts
/**
 * One deploy, whatever the target: settle the source (branch spelling, `revision: latest`), then hand the
 * settings to the target picked from the table below.
 */










/** The app, its Mendix version and the JDK of a build in the runner, found before any request (main.ts). */




/** Every target, by the value of the `target` input. */
const TARGETS = {
    'private-cloud': privateCloud,
    'mendix-cloud': mendixCloud
};
/** The capability the settings ask for: a preview environment per pull request, or the target's deploy. */
function definitionFor(settings) {
    if (settings.target === 'private-cloud' && settings.preview)
        return preview;
    return TARGETS[settings.target];
}
class Deploy {
    settings;
    context;
    constructor(
    /** The settings as read; after the source is settled, with the branch and revision built. */
    settings, context) {
        this.settings = settings;
        this.context = context;
    }
    async run() {
        const definition = definitionFor(this.settings);
        const start = this.settings;
        // For an actions/cache key of the MxBuild folder, known before anything is downloaded.
        this.context.progress.output('mendixVersion', start.runnerBuild?.mendixVersion);
        if (definition.needsSource?.(start) === false)
            return definition.create(start, this.context).run();
        const deadline = this.context.timeout.deadline();
        this.settings = await resolveSource(start, {
            repository: start.token
                ? this.context.http((0,src_http/* patCredentials */.AF)(start.token), start.repositoryApiUrl)
                : undefined,
            repositoryAppId: () => definition.repositoryAppId(start, this.context, deadline),
            log: this.context.log,
            deadline
        });
        this.context.progress.output('revision', this.settings.revision);
        return definition.create(this.settings, this.context).run();
    }
}
/**
 * The parts every target shares in a real run: one transport, the real clock, the step's timeout (the one place
 * timeoutMinutes is read for time, started now), the runner's log, the job history under RUNNER_TEMP, the unit tests,
 * and the build in the runner.
 */
function runnerContext(settings, parts) {
    const timeout = new deadline/* Timeout */.Ep(src_clock/* realClock */.dQ, settings.timeoutMinutes, {
        rollbackReserve: settings.rollbackOnFailure
    });
    const http = (credentials, baseUrl = settings.apiUrl) => new src_http/* MendixHttp */.IB({
        baseUrl,
        credentials,
        clock: src_clock/* realClock */.dQ,
        transport: parts.transport,
        signal: parts.signal,
        debug: line => output.debug(line),
        timeoutMs: timeout.ms
    });
    const base = { clock: src_clock/* realClock */.dQ, log: logger/* coreLogger */.W };
    // Issue 14: how long this app's jobs took before, so that polls are sparse until near a job's end.
    const common = { ...parts, ...base, timeout, history: runHistory(settings, base, process.env.RUNNER_TEMP) };
    const unitTests = unitTestHook(settings, { ...common, reporter: runnerReporter() });
    return { ...common, http, unitTests, runnerBuild: runnerBuildHook(settings, common) };
}

;// CONCATENATED MODULE: ./src/deployment-record.ts
async function deploymentRecordFor(settings, run, log) {
    if (!settings.githubToken || settings.dryRun)
        return undefined;
    // A preview records its own Deployment, per pull request (preview/target.ts).
    if (settings.target === 'private-cloud' && settings.preview)
        return undefined;
    // Loaded only when asked for: Octokit and undici are most of the bundle and would slow every start.
    const { GitHubDeployment } = await Promise.all(/* import() */[__nccwpck_require__.e(368), __nccwpck_require__.e(386)]).then(__nccwpck_require__.bind(__nccwpck_require__, 1386));
    const deployment = new GitHubDeployment({
        token: settings.githubToken,
        apiUrl: process.env.GITHUB_API_URL ?? 'https://api.github.com',
        repository: run.repository,
        sha: run.sha,
        runUrl: `${run.serverUrl}/${run.repository}/actions/runs/${run.runId}`,
        environment: settings.githubEnvironment,
        description: `Mendix ${settings.target} deploy of ${settings.branch}@${settings.revision}`
    }, log);
    if (settings.wait)
        return deployment;
    // With wait: false the step ends once the change is accepted, before anything shows that it runs: the
    // Deployment stays in progress rather than claim a success nobody saw.
    return {
        start: () => deployment.start(),
        finish: async (outcome, appUrl) => {
            if (outcome === 'failure')
                return deployment.finish(outcome, appUrl);
            log.info('The GitHub Deployment stays in progress: with wait: false the deploy was accepted, not seen running.');
        }
    };
}

;// CONCATENATED MODULE: ./src/progress.ts
/** What the step has done so far: outputs set, jobs under way, whether the environment was changed. */

/** Outputs that carry a service's id. */
const ID_OUTPUTS = new Set([
    'packageId',
    'previousPackageId',
    'buildJobId',
    'deployJobId',
    'environmentId',
    'namespaceId',
    'snapshotId',
    'startJobId'
]);
/** Tracks the step's progress so that a failure or a cancellation can say exactly what was left behind. */
class Progress {
    sink;
    outputs = {};
    runningJobs = new Map();
    /** `no` until a change (manifest PUT, stop) is sent, `maybe` once sent, `yes` once it took effect. */
    environmentChanged = 'no';
    /**
     * What the environment was left in, said instead of the sentence about environmentChanged by a flow that knows
     * it exactly and keeps it up to date as each step lands (the Mendix Cloud flow: stopped, and how to start it;
     * a preview's deletion). A failure, the deadline and a cancel all print it, and the job summary shows it.
     */
    environmentNote;
    phases = [];
    /** Extra sections for the job summary, e.g. a dry run's manifest diff. */
    sections = [];
    phase = 'starting';
    constructor(sink) {
        this.sink = sink;
    }
    /** Sets a step output at once, so it stays available even if a later phase fails. */
    output(name, value) {
        if (value === undefined || value === '')
            return;
        // Ids come from the service; a malformed one never becomes an output (it would flow into later steps).
        if (ID_OUTPUTS.has(name))
            (0,untrusted/* checkServerId */.Zq)(name, value);
        this.outputs[name] = value;
        this.sink(name, value);
    }
    jobStarted(job) {
        this.runningJobs.set(job.id, job);
    }
    jobEnded(id) {
        this.runningJobs.delete(id);
    }
    /** What a cancelled or failed step leaves behind: each job still running, then the environment's state. */
    leftBehind() {
        const lines = [];
        for (const job of this.runningJobs.values()) {
            lines.push(`The ${job.kind} job ${job.id} was still running; check it with GET ${job.url}`);
        }
        lines.push(this.environmentNote ??
            {
                no: 'The environment was not changed.',
                maybe: 'A change to the environment was sent and may be in progress: check the environment in the Mendix Portal.',
                yes: 'The environment was changed to the new package.'
            }[this.environmentChanged]);
        return lines;
    }
    /** One paragraph for a cancelled or failed step: what is still running, what was set, what was changed. */
    describeLeftovers() {
        const left = this.leftBehind();
        const set = Object.entries(this.outputs).map(([k, v]) => `${k}=${v}`);
        const outputs = set.length ? `Outputs set: ${set.join(', ')}.` : 'No outputs were set.';
        return [...left.slice(0, -1), outputs, ...left.slice(-1)].join('\n');
    }
}

;// CONCATENATED MODULE: ./src/report.ts



const safe = (markdown) => ({ safe: markdown });
/** The job summary when the inputs were refused, before any request. */
function renderInputErrors(problems) {
    return [
        '### ❌ Mendix deploy not started: invalid input',
        '',
        'Nothing was sent to Mendix. Fix these inputs in the workflow file:',
        '',
        '<pre>',
        ...problems.map(problem => (0,untrusted/* escapeHtml */.ZD)(`- ${problem}`)),
        '</pre>',
        ''
    ].join('\n');
}
/** Markdown for GITHUB_STEP_SUMMARY. Holds ids, names and messages only: never the token. */
function renderSummary({ settings, progress, environmentName, title, error, cancelled }) {
    const o = progress.outputs;
    const id = (value) => safe(value ? (0,untrusted/* codeCell */.MZ)(value) : '(none)');
    const text = (value) => safe((0,untrusted/* escapeCell */.kq)(value));
    const cloud = settings.target === 'mendix-cloud';
    const rows = [
        ['Target', text(cloud ? 'Mendix Cloud' : 'Mendix for Private Cloud')],
        ['App', id(settings.appId)],
        [
            'Environment',
            environmentName
                ? safe(`${(0,untrusted/* escapeCell */.kq)(environmentName)} (${(0,untrusted/* codeCell */.MZ)(o.environmentId ?? '?')})`)
                : text(settings.environment)
        ],
        ['Branch and revision', safe(`${(0,untrusted/* codeCell */.MZ)(settings.branch)} @ ${(0,untrusted/* codeCell */.MZ)(settings.revision)}`)],
        ['Version', text((0,versions/* describeVersion */.MP)(settings.version, o))],
        ['Package', o.reused === 'true' ? safe(`${id(o.packageId).safe} (reused, no build)`) : id(o.packageId)],
        ['Previous package', id(o.previousPackageId)],
        ...(cloud
            ? [
                ['Backup (snapshot)', id(o.snapshotId)],
                ['Start job', id(o.startJobId)]
            ]
            : [
                ['Build job', id(o.buildJobId)],
                ['Deploy job', id(o.deployJobId)]
            ]),
        ['App URL', o.appUrl ? safe((0,untrusted/* linkCell */.Zi)(o.appUrl)) : text('(unknown)')],
        [cloud ? 'Environment status' : 'Container state', text(o.state ?? '(unknown)')],
        ...(o.rolledBack === 'true'
            ? [['Rolled back to', id(o.previousPackageId)]]
            : []),
        ...progress.phases.map(p => [`Time: ${p.name}`, text((0,logger/* seconds */.Y)(p.ms))])
    ];
    // A run that deployed nothing (a preview's clean-up or sweep) shows what it worked on, not empty deploy rows.
    const deployedNothing = !error && !cancelled && title !== undefined && o.packageId === undefined;
    if (deployedNothing) {
        rows.splice(2, rows.length - 2, ['Environments', text(environmentName ?? '(none)')]);
        rows.push(...progress.phases.map(p => [`Time: ${p.name}`, text((0,logger/* seconds */.Y)(p.ms))]));
    }
    const heading = cancelled
        ? `### ⛔ Mendix deploy cancelled (${(0,untrusted/* escapeCell */.kq)(cancelled.signal)}) while in phase "${(0,untrusted/* escapeCell */.kq)(cancelled.phase)}"`
        : error
            ? `### ❌ Mendix deploy failed while in phase "${(0,untrusted/* escapeCell */.kq)(error.phase)}"`
            : title
                ? `### ✅ ${(0,untrusted/* escapeCell */.kq)(title)}`
                : settings.dryRun
                    ? '### ✅ Mendix dry run: nothing was built or changed'
                    : '### ✅ Mendix deploy succeeded';
    const lines = [heading, '', '| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v.safe} |`), ''];
    for (const section of progress.sections) {
        lines.push(`**${(0,untrusted/* escapeCell */.kq)(section.title)}**`, '', '<pre>', ...section.lines.map(untrusted/* escapeHtml */.ZD), '</pre>', '');
    }
    if (error) {
        lines.push('**Error**', '', '<pre>', (0,untrusted/* escapeHtml */.ZD)(error.message.split('\nLast lines of the build log:')[0]), '</pre>', '');
        if (error.logTail) {
            lines.push('<details><summary>Build log (last lines)</summary>', '', '<pre>', (0,untrusted/* escapeHtml */.ZD)(error.logTail), '</pre>', '', '</details>', '');
        }
    }
    // A step that stopped short says what it left: jobs still running, and the state of the environment.
    if (error || cancelled) {
        lines.push('**What was left**', '', '<pre>', ...progress.leftBehind().map(untrusted/* escapeHtml */.ZD), '</pre>', '');
    }
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./src/signals.ts
/**
 * The runner cancels a step with SIGINT, then SIGTERM, and kills it 7.5 s later. On the first signal the step
 * aborts every request and wait, says what was left (jobs still running, the state of the environment), writes
 * the job summary, and exits well before the kill.
 */

/** After SIGINT/SIGTERM the step must be gone well before the runner's 7.5 s kill. */
const CANCEL_EXIT_MS = 1000;
/**
 * Listens for the runner's cancel. `onCancel` (the job summary) starts once, after the error line; the step exits
 * CANCEL_EXIT_MS after the signal, which bounds it.
 */
function cancelOnSignals(progress, onCancel) {
    const controller = new AbortController();
    let cancelled = false;
    const onSignal = (name) => {
        if (cancelled)
            return;
        cancelled = true;
        controller.abort();
        output.error(`Cancelled (${name}) while in phase "${progress.phase}".\n${progress.describeLeftovers()}`, {
            title: 'Mendix deploy cancelled'
        });
        process.exitCode = 1;
        // The summary is a small file append; the exit comes at its fixed time whether it is written or not.
        void Promise.resolve()
            .then(() => onCancel?.(name))
            .catch(() => undefined);
        setTimeout(() => process.exit(1), CANCEL_EXIT_MS);
    };
    process.once('SIGINT', () => onSignal('SIGINT'));
    process.once('SIGTERM', () => onSignal('SIGTERM'));
    return {
        signal: controller.signal,
        get cancelled() {
            return cancelled;
        }
    };
}

;// CONCATENATED MODULE: ./src/step-end.ts
/** How the step ends when it does not deploy: refused inputs, a failure after requests were made, or a cancel. */



/** Refused inputs: one error naming each, a summary saying nothing was sent, exit 1. */
async function endWithInputErrors(problems) {
    output.error(new errors/* InputError */.dz(problems).message, { title: 'Invalid input' });
    process.exitCode = 1;
    await output.writeSummary(renderInputErrors(problems));
}
/** A failed deploy: the error with what was left behind, the summary with the phase it failed in, exit 1. */
async function endWithFailure(error, settings, progress) {
    const message = (0,errors/* messageOf */.bD)(error);
    const title = error instanceof errors/* InputError */.dz ? 'Invalid input' : `Mendix deploy failed (${progress.phase})`;
    output.error(`${message}\n${progress.describeLeftovers()}`, { title });
    process.exitCode = 1;
    const logTail = error instanceof errors/* JobError */.CR ? error.logTail : undefined;
    await output.writeSummary(renderSummary({ settings, progress, error: { phase: progress.phase, message, logTail } }));
}
/** A cancelled step: the summary says what was cancelled, in which phase, and what was left (signals.ts exits). */
async function endWithCancel(signal, settings, progress) {
    await output.writeSummary(renderSummary({ settings, progress, cancelled: { signal, phase: progress.phase } }));
}

;// CONCATENATED MODULE: ./src/main.ts
/** The step: mask -> read -> advise -> deploy -> report. The one place that turns an error into a failed step. */













/** What the safety net in index.ts needs: whether the step ended through its own lines, and what was left if not. */
let current = { finished: false };
function unfinishedReport() {
    if (current.finished)
        return undefined;
    return current.progress?.describeLeftovers() ?? 'Nothing was sent to Mendix yet.';
}
async function run() {
    current = { finished: false };
    try {
        await runStep();
    }
    finally {
        current.finished = true;
    }
}
async function runStep() {
    maskSecretInputs();
    const context = (0,inputs/* runContextFromEnv */.wX)(process.env);
    const settings = await withBuildPlan((0,inputs/* readInputs */.Ko)(name => output.getInput(name), process.env, context));
    if (Array.isArray(settings))
        return endWithInputErrors(settings);
    for (const { level, title, message } of adviseOn(settings, context))
        output[level](message, { title });
    maskSecretValues(settings);
    const progress = new Progress((name, value) => output.setOutput(name, value));
    current.progress = progress;
    // On a cancel, the summary too. No signal is handled before `deploy` exists: the lines up to it run in one go.
    const cancellation = cancelOnSignals(progress, signal => endWithCancel(signal, deploy.settings, progress));
    const transport = (0,src_http/* actionsTransport */.hc)();
    const deploy = new Deploy(settings, runnerContext(settings, { transport, progress, signal: cancellation.signal }));
    const record = await deploymentRecordFor(settings, context, logger/* coreLogger */.W);
    try {
        await record?.start();
        const outcome = await deploy.run();
        await record?.finish('success', outcome.appUrl);
        await output.writeSummary(renderSummary({
            settings: deploy.settings,
            progress,
            environmentName: outcome.environmentName,
            title: outcome.title
        }));
    }
    catch (error) {
        if (cancellation.cancelled || error instanceof errors/* CancelledError */.cc)
            return;
        await record?.finish('failure');
        await endWithFailure(error, deploy.settings, progress);
    }
    finally {
        transport.dispose();
    }
}

;// CONCATENATED MODULE: ./src/index.ts
/**
 * The entry the runner starts. Besides running the step it is the safety net: a step must never end green
 * unless the flow ended through its own lines. If a promise is left pending (the event loop empties while the
 * flow still waits) or something throws outside the flow, the step fails with one line saying so.
 */



function failUnfinished(reason) {
    const leftovers = unfinishedReport();
    if (leftovers === undefined && process.exitCode !== undefined && process.exitCode !== 0)
        return;
    output.error(`The step ended before the deploy finished (${reason}), so it is marked failed.\n${leftovers ?? ''}`.trim(), { title: 'Mendix deploy did not finish' });
    process.exitCode = 1;
}
process.on('unhandledRejection', error => {
    failUnfinished(`an unexpected error: ${(0,errors/* messageOf */.bD)(error)}`);
    process.exit(1);
});
process.on('uncaughtException', error => {
    failUnfinished(`an unexpected error: ${error.message}`);
    process.exit(1);
});
// Fires when nothing is left to do: if the flow has not finished by then, something it waited for never settled.
process.on('beforeExit', () => {
    if (unfinishedReport() !== undefined)
        failUnfinished('nothing was left running to finish it');
});
run().catch((error) => {
    failUnfinished(`an unexpected error: ${(0,errors/* messageOf */.bD)(error)}`);
});


//# sourceMappingURL=index.js.map