/**
 * A hostile Mendix API for end-to-end tests: a proxy on 127.0.0.1 in front of a real emulator that spoils the
 * answers to chosen requests the way a broken or malicious server would: a body cut short, headers or a body
 * dripped at one byte a second, a huge or endless body, rewritten JSON, or a chosen status and raw body.
 * Every other request reaches the emulator untouched, so the rest of a deploy runs as usual.
 */
import {
  createServer,
  request,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse
} from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { Readable, pipeline } from 'node:stream'
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator/index.js'
import { QUICK_JOBS } from './deploy-run.js'

export type JsonObject = { [key: string]: unknown }

export type Hostility =
  /**
   * Headers with the full Content-Length, then only `keep` (a share, default one half) of the body, then the
   * socket is destroyed. Without forwarding, `status` and `body` stand in for the real answer.
   */
  | { kind: 'cut'; keep?: number; status?: number; body?: string }
  /** The status line and headers at one byte a second; or proper headers, then the body at one byte a second. */
  | { kind: 'drip'; part: 'headers' | 'body' }
  /** A 200 JSON answer of `bytes` bytes with its Content-Length, streamed from a generator, never held whole. */
  | { kind: 'huge'; bytes: number }
  /** A chunked 200 JSON answer that never ends; after `forMs` the server gives up and destroys the socket. */
  | { kind: 'endless'; forMs: number }
  /** The real answer with its JSON changed: `set` paths (dot-separated, `*` for every array item), then `edit`. */
  | { kind: 'rewrite'; set?: Record<string, unknown>; edit?: (body: JsonObject) => void; status?: number }
  /** A chosen status and raw body, e.g. a text 401 that echoes the token. */
  | { kind: 'answer'; status: number; body: string; contentType?: string }

export interface HostileRule {
  /** Default: any method. */
  method?: string
  /** Tested against the request's path and query, e.g. /^\/api\/v4\/jobs\//. */
  path: RegExp
  /** Which matches to spoil, counting from 1; default: every one. */
  nth?: number[]
  /** Whether the emulator still gets (and acts on) the request; default: for `cut` and `rewrite` only. */
  forward?: boolean
  act: Hostility
}

export interface HostileServer {
  emulator: Emulator
  /** http://127.0.0.1:<port> */
  origin: string
  /** The Private Cloud API base URL through the proxy (…/api/v4). */
  url: string
  /** The Mendix Cloud v1 API base URL through the proxy (…/api/1); Backups v2 is beside it. */
  cloudUrl: string
  /** How many answers each rule spoiled, by the rule's index. */
  spoiled: number[]
  /** Serves the apps for health checks, with app URLs that point at the proxy (so their answers can be spoiled). */
  serveApps(): void
  close(): Promise<void>
}

interface Upstream {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
}

/** The padding the drip and huge answers carry: JSON whitespace and a long string are both valid JSON. */
const CHUNK = Buffer.alloc(64 * 1024, 0x61)
const DRIP_BODY = Buffer.from(`{"environments":[]${' '.repeat(4096)}}`)
const CUT_BODY = '{"id":"7f0c2d4e-1a3b-4c5d-8e9f-0a1b2c3d4e5f","status":"created","details":"spoiled"}'

function setPath(target: unknown, keys: string[], value: unknown): void {
  if (!target || typeof target !== 'object') return
  const [key, ...rest] = keys
  const record = target as Record<string, unknown>
  if (key === '*') {
    if (Array.isArray(target)) target.forEach(item => setPath(item, rest, value))
    return
  }
  if (rest.length === 0) {
    record[key] = value
    return
  }
  if (record[key] === undefined) record[key] = {}
  setPath(record[key], rest, value)
}

function drain(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/** Starts an emulator (quick jobs) and the hostile proxy in front of it, both on 127.0.0.1. */
export async function startHostile(
  rules: HostileRule[],
  options: EmulatorOptions = {}
): Promise<HostileServer> {
  const emulator = await startEmulator({ durations: QUICK_JOBS, ...options })
  const upstreamOrigin = `http://127.0.0.1:${emulator.port}`
  const counts = rules.map(() => 0)
  const spoiled = rules.map(() => 0)
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()
  let origin = ''

  /** The emulator's headers as the proxy passes them on: its own address in Location becomes the proxy's. */
  function passedHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
    const out: OutgoingHttpHeaders = {}
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined || ['connection', 'keep-alive', 'transfer-encoding'].includes(name)) continue
      out[name] =
        name === 'location' && typeof value === 'string' ? value.replace(upstreamOrigin, origin) : value
    }
    return out
  }

  function forward(req: IncomingMessage, onAnswer: (answer: IncomingMessage) => void): void {
    const upstream = request(
      {
        host: '127.0.0.1',
        port: emulator.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent: false
      },
      onAnswer
    )
    upstream.on('error', () => req.socket.destroy())
    pipeline(req, upstream, () => {})
  }

  function fetchUpstream(req: IncomingMessage): Promise<Upstream> {
    return new Promise((resolve, reject) => {
      forward(req, answer => {
        drain(answer)
          .then(body => resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body }))
          .catch(reject)
      })
    })
  }

  function later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      timers.delete(timer)
      fn()
    }, ms)
    timers.add(timer)
  }

  /** Writes `bytes` one a second until they are all sent (then calls `done`) or the peer is gone. */
  function drip(bytes: Buffer, write: (byte: Buffer) => void, socket: Socket, done: () => void): void {
    let at = 0
    const timer = setInterval(() => {
      if (socket.destroyed) return stop()
      write(bytes.subarray(at, at + 1))
      if (++at >= bytes.length) {
        stop()
        done()
      }
    }, 1000)
    timers.add(timer)
    function stop(): void {
      clearInterval(timer)
      timers.delete(timer)
    }
    socket.once('close', stop)
  }

  function spoil(act: Hostility, res: ServerResponse, upstream: Upstream | undefined): void {
    const socket = res.socket!
    switch (act.kind) {
      case 'cut': {
        const body = upstream?.body ?? Buffer.from(act.body ?? CUT_BODY)
        const claimed = Math.max(body.length, 64)
        const sent = Math.floor(body.length * (act.keep ?? 0.5))
        res.writeHead(upstream?.status ?? act.status ?? 200, {
          ...(upstream ? passedHeaders(upstream.headers) : { 'content-type': 'application/json' }),
          'content-length': String(claimed)
        })
        res.write(body.subarray(0, sent), () => later(50, () => socket.destroy()))
        return
      }
      case 'drip': {
        if (act.part === 'headers') {
          const text = `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${DRIP_BODY.length}\r\n\r\n`
          drip(
            Buffer.concat([Buffer.from(text), DRIP_BODY]),
            byte => socket.write(byte),
            socket,
            () => socket.end()
          )
          return
        }
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(DRIP_BODY.length) })
        res.flushHeaders()
        drip(
          DRIP_BODY,
          byte => res.write(byte),
          socket,
          () => res.end()
        )
        return
      }
      case 'huge': {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(act.bytes) })
        const head = Buffer.from('{"environments":[],"padding":"')
        const tail = Buffer.from('"}')
        const bytes = act.bytes
        function* body(): Generator<Buffer> {
          yield head
          for (let left = bytes - head.length - tail.length; left > 0; left -= CHUNK.length) {
            yield left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left)
          }
          yield tail
        }
        pipeline(Readable.from(body()), res, () => {})
        return
      }
      case 'endless': {
        res.writeHead(200, { 'content-type': 'application/json' })
        const item = Buffer.from(`{"environment":{"id":"x","padding":"${CHUNK.toString()}"}},`)
        function* forever(): Generator<Buffer> {
          yield Buffer.from('{"environments":[')
          for (;;) yield item
        }
        const stream = Readable.from(forever())
        pipeline(stream, res, () => {})
        later(act.forMs, () => {
          stream.destroy()
          socket.destroy()
        })
        return
      }
      case 'rewrite': {
        if (!upstream) throw new Error('A rewrite needs the real answer: do not set forward: false.')
        let text: string
        try {
          const parsed = JSON.parse(upstream.body.toString('utf8')) as JsonObject
          for (const [path, value] of Object.entries(act.set ?? {})) setPath(parsed, path.split('.'), value)
          act.edit?.(parsed)
          text = JSON.stringify(parsed)
        } catch {
          text = upstream.body.toString('utf8')
        }
        res.writeHead(act.status ?? upstream.status, {
          ...passedHeaders(upstream.headers),
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(text))
        })
        res.end(text)
        return
      }
      case 'answer': {
        res.writeHead(act.status, {
          'content-type': act.contentType ?? 'text/plain; charset=utf-8',
          'content-length': String(Buffer.byteLength(act.body))
        })
        res.end(act.body)
        return
      }
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET'
    const target = req.url ?? '/'
    let chosen: number | undefined
    rules.forEach((rule, index) => {
      if ((rule.method ?? method) !== method || !rule.path.test(target)) return
      counts[index]++
      if (chosen === undefined && (!rule.nth || rule.nth.includes(counts[index]))) chosen = index
    })
    if (chosen === undefined) {
      forward(req, answer => {
        res.writeHead(answer.statusCode ?? 502, passedHeaders(answer.headers))
        pipeline(answer, res, () => {})
      })
      return
    }
    const rule = rules[chosen]
    spoiled[chosen]++
    const forwarded = rule.forward ?? (rule.act.kind === 'cut' || rule.act.kind === 'rewrite')
    const upstream = forwarded ? await fetchUpstream(req) : (await drain(req), undefined)
    spoil(rule.act, res, upstream)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.socket?.destroy())
  })
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    emulator,
    origin,
    url: `${origin}/api/v4`,
    cloudUrl: `${origin}/api/1`,
    spoiled,
    serveApps: () => {
      emulator.control.serveApps()
      for (const manifest of emulator.state.environments) {
        const deployment = manifest.environment.deployment as { appUrl?: string }
        deployment.appUrl = `${origin}/app/${manifest.environment.id}`
      }
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      for (const socket of sockets) socket.destroy()
      await new Promise<void>(resolve => server.close(() => resolve()))
      await emulator.close()
    }
  }
}

/** Runs `fn` with a fresh emulator behind a hostile proxy, and closes both afterwards. */
export async function withHostile<T>(
  rules: HostileRule[],
  fn: (hostile: HostileServer) => Promise<T>,
  options: EmulatorOptions = {}
): Promise<T> {
  const hostile = await startHostile(rules, options)
  try {
    return await fn(hostile)
  } finally {
    await hostile.close()
  }
}
