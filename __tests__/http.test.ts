import { Deadline } from '../src/deadline.js'
import { CancelledError } from '../src/errors.js'
import {
  patCredentials,
  actionsTransport,
  ApiError,
  MAX_ATTEMPTS,
  MendixHttp,
  type RawResponse,
  type Transport
} from '../src/http.js'
import { FakeClock } from './support/fake-clock.js'

type Step = RawResponse | { error: string }

/** A transport that answers from a script and records what was sent. */
function scripted(steps: Step[]) {
  const sent: Array<{ method: string; url: string; headers: Record<string, string>; body?: string }> = []
  const transport: Transport = {
    async send(method, url, body, headers) {
      sent.push({ method, url, headers, body })
      const step = steps.shift()
      if (!step) throw new Error('no more scripted answers')
      if ('error' in step) throw Object.assign(new Error(`connect ${step.error}`), { code: step.error })
      return step
    },
    sendStream: async () => {
      throw new Error('not scripted')
    },
    dispose() {}
  }
  return { transport, sent }
}

const ok = (body: unknown = { ok: true }, headers: Record<string, string> = {}): RawResponse => ({
  status: 200,
  headers,
  body: JSON.stringify(body)
})
const status = (
  code: number,
  headers: Record<string, string> = {},
  body = '{"error":{"code":0,"message":"nope"}}'
) => ({
  status: code,
  headers,
  body
})

function client(steps: Step[], clock = new FakeClock(), signal?: AbortSignal) {
  const { transport, sent } = scripted(steps)
  const http = new MendixHttp({
    baseUrl: 'https://pc.example.com/api/v4',
    credentials: patCredentials('tok-123'),
    clock,
    transport,
    signal,
    random: () => 0.5
  })
  return { http, sent, clock }
}

const get = {
  method: 'GET' as const,
  path: '/apps/a/environments',
  retry: 'safe' as const,
  action: 'list',
  scope: 'mx:deployment:read'
}
const post = {
  method: 'POST' as const,
  path: '/apps/a/packages/build',
  body: { branch: 'main' },
  retry: 'once' as const,
  action: 'start the build',
  scope: 'mx:privatecloud-build:write'
}

describe('MendixHttp', () => {
  it('sends the token as MxToken in a header and JSON bodies with their content type', async () => {
    const { http, sent } = client([ok()])
    await http.request(post)
    expect(sent[0].headers.Authorization).toBe('MxToken tok-123')
    expect(sent[0].headers['Content-Type']).toBe('application/json')
    expect(sent[0].url).toBe('https://pc.example.com/api/v4/apps/a/packages/build')
    expect(JSON.parse(sent[0].body!)).toEqual({ branch: 'main' })
  })

  it('retries a GET on 5xx and network errors with growing jittered backoff', async () => {
    const { http, sent, clock } = client([status(503), { error: 'ECONNRESET' }, status(502), ok({ n: 1 })])
    const response = await http.request<{ n: number }>(get)
    expect(response.body.n).toBe(1)
    expect(sent).toHaveLength(4)
    // Full jitter with random() = 0.5: half of 1 s, 2 s, 4 s.
    expect(clock.sleeps).toEqual([500, 1000, 2000])
  })

  it('lets Retry-After in seconds or as a date win over the backoff', async () => {
    const clock = new FakeClock()
    // The date is 10 s after the start; the first Retry-After already used 3 of them.
    const date = new Date(clock.time + 10_000).toUTCString()
    const { http } = client(
      [status(429, { 'retry-after': '3' }), status(503, { 'retry-after': date }), ok()],
      clock
    )
    await http.request(get)
    expect(clock.sleeps).toEqual([3000, 7000])
  })

  it('gives up after the maximum number of attempts', async () => {
    const { http, sent } = client(Array.from({ length: 10 }, () => status(500)))
    await expect(http.request(get)).rejects.toThrow(/answered 500/)
    expect(sent).toHaveLength(MAX_ATTEMPTS)
  })

  it('does not retry past the deadline', async () => {
    const clock = new FakeClock()
    const { http, sent } = client([status(429, { 'retry-after': '60' }), ok()], clock)
    await expect(http.request({ ...get, deadline: Deadline.after(clock, 10_000) })).rejects.toThrow(/429/)
    expect(sent).toHaveLength(1)
  })

  it.each([400, 401, 403, 404, 422])('never retries %i', async code => {
    const { http, sent } = client([status(code), ok()])
    await expect(http.request(get)).rejects.toBeInstanceOf(ApiError)
    expect(sent).toHaveLength(1)
  })

  it('says which scope a 403 needs and what a 401 means', async () => {
    await expect(client([status(403)]).http.request(post)).rejects.toThrow(
      /POST https:\/\/pc\.example\.com\/api\/v4\/apps\/a\/packages\/build answered 403: nope\. The token lacks the scope this needs: create a personal access token with mx:privatecloud-build:write/
    )
    await expect(client([status(401)]).http.request(get)).rejects.toThrow(/token was not accepted/)
  })

  it('retries the build POST only when the service surely did not act', async () => {
    const retried = client([
      { error: 'ECONNREFUSED' },
      status(429),
      status(503, { 'retry-after': '1' }),
      ok()
    ])
    await retried.http.request(post)
    expect(retried.sent).toHaveLength(4)

    for (const failure of [status(500), status(502), status(503), { error: 'ECONNRESET' }] as Step[]) {
      const once = client([failure, ok()])
      const error = (await once.http.request(post).catch(e => e)) as ApiError
      expect(error).toBeInstanceOf(ApiError)
      expect(error.outcomeUnknown).toBe(true)
      expect(once.sent).toHaveLength(1)
    }
  })

  it('reports a cut-off JSON body clearly, retrying it only for GETs', async () => {
    const truncated = { status: 200, headers: {}, body: '{"environments":[{"manif' }
    const read = client([truncated, ok({ fine: true })])
    expect((await read.http.request<{ fine: boolean }>(get)).body.fine).toBe(true)
    const write = client([{ ...truncated, status: 202 }])
    const error = (await write.http.request(post).catch(e => e)) as ApiError
    expect(error.message).toMatch(/not valid JSON .*perhaps cut off/)
    expect(error.outcomeUnknown).toBe(true)
  })

  it('describes an HTML error page from a proxy', async () => {
    const html = { status: 502, headers: {}, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' }
    const { http } = client([html, html, html, html, html])
    await expect(http.request(get)).rejects.toThrow(/answered 502: an HTML error page/)
  })

  it('shows the reasons the Private Cloud error body gives in invalid-params', async () => {
    const body = JSON.stringify({
      error: {
        code: 400,
        message: 'Bad Request',
        'invalid-params': [{ name: 'branch', reason: 'must not be empty' }, { reason: 'revision is unknown' }]
      }
    })
    const { http } = client([status(400, {}, body)])
    await expect(http.request(post)).rejects.toThrow(
      /answered 400: Bad Request \(branch: must not be empty; revision is unknown\)\./
    )
  })

  it('never sends the token to another host', async () => {
    const { http, sent } = client([ok()])
    await expect(http.request({ ...get, path: 'https://evil.example.net/api/v4/jobs/1' })).rejects.toThrow(
      /Refusing to send the token/
    )
    expect(sent).toHaveLength(0)
    expect(http.resolve('https://pc.example.com/api/v3/jobs/1')).toBe('https://pc.example.com/api/v3/jobs/1')
  })

  it('stops retrying at once when cancelled', async () => {
    const controller = new AbortController()
    controller.abort()
    const { http, sent } = client([ok()], new FakeClock(), controller.signal)
    await expect(http.request(get)).rejects.toBeInstanceOf(CancelledError)
    expect(sent).toHaveLength(0)
  })

  it('keeps the token out of every error message', async () => {
    const { http } = client([status(401, {}, '{"error":{"message":"bad MxToken"}}')])
    const error = (await http.request(get).catch(e => e)) as Error
    expect(error.message).not.toContain('tok-123')
  })
})

describe('MendixHttp with the real transport', () => {
  it('does not follow a redirect, so the token never goes where it points', async () => {
    const { createServer } = await import('node:http')
    const elsewhere: string[] = []
    const target = createServer((req, res) => {
      elsewhere.push(String(req.headers.authorization))
      res.end('{}')
    })
    await new Promise<void>(r => target.listen(0, '127.0.0.1', r))
    const targetPort = (target.address() as { port: number }).port
    const redirecting = createServer((_req, res) => {
      res.writeHead(302, { Location: `http://127.0.0.1:${targetPort}/steal` })
      res.end()
    })
    await new Promise<void>(r => redirecting.listen(0, '127.0.0.1', r))
    const port = (redirecting.address() as { port: number }).port
    const transport = actionsTransport()
    const http = new MendixHttp({
      baseUrl: `http://127.0.0.1:${port}/api/v4`,
      credentials: patCredentials('tok-123'),
      clock: new FakeClock(),
      transport
    })
    try {
      await expect(http.request(get)).rejects.toThrow(/answered 302/)
      expect(elsewhere).toEqual([])
    } finally {
      transport.dispose()
      redirecting.close()
      target.close()
    }
  })

  it('times a hanging request out and retries it', async () => {
    const { startEmulator } = await import('../emulator/index.js')
    const emulator = await startEmulator()
    emulator.control.inject({
      operation: 'listEnvironments',
      fault: { kind: 'slow', delayMs: 1500 },
      times: 1
    })
    const transport = actionsTransport(300)
    const http = new MendixHttp({
      baseUrl: emulator.url,
      credentials: patCredentials(emulator.token),
      clock: new FakeClock(),
      transport
    })
    try {
      const response = await http.request<{ environments: unknown[] }>({
        ...get,
        path: `/apps/${emulator.seed.appId}/environments`
      })
      expect(response.body.environments.length).toBeGreaterThan(0)
      expect(emulator.traffic.filter(t => t.operation === 'listEnvironments')).toHaveLength(2)
    } finally {
      transport.dispose()
      await emulator.close()
    }
  })

  it('sends a `never` request once, saying whether the service acted', async () => {
    const put = { ...post, method: 'PUT' as const, retry: 'never' as const }
    const limited = client([status(429, { 'retry-after': '4' }), ok()])
    const error = (await limited.http.request(put).catch(e => e)) as ApiError
    expect(limited.sent).toHaveLength(1)
    expect(error.notActed).toBe(true)
    expect(error.retryAfterMs).toBe(4000)
    const dropped = client([{ error: 'ECONNRESET' }, ok()])
    const unknown = (await dropped.http.request(put).catch(e => e)) as ApiError
    expect(dropped.sent).toHaveLength(1)
    expect(unknown.outcomeUnknown).toBe(true)
    expect(unknown.notActed).toBe(false)
  })
})

describe('proxies', () => {
  it('sends HTTPS requests through HTTPS_PROXY, as self-hosted runners behind a proxy need', async () => {
    const { createServer } = await import('node:net')
    const seen: string[] = []
    // A proxy that records the CONNECT line and refuses the tunnel: nothing leaves this machine.
    const proxy = createServer(socket => {
      socket.once('data', chunk => {
        seen.push(chunk.toString('latin1').split('\r\n')[0])
        socket.end('HTTP/1.1 403 Forbidden\r\n\r\n')
      })
    })
    await new Promise<void>(r => proxy.listen(0, '127.0.0.1', r))
    const saved = { HTTPS_PROXY: process.env.HTTPS_PROXY, NO_PROXY: process.env.NO_PROXY }
    process.env.HTTPS_PROXY = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`
    delete process.env.NO_PROXY
    const transport = actionsTransport()
    const http = new MendixHttp({
      baseUrl: 'https://privatecloud.example.invalid/api/v4',
      credentials: patCredentials('tok-123'),
      clock: new FakeClock(),
      transport
    })
    try {
      await expect(http.request(get)).rejects.toThrow(/got no answer/)
      expect(seen[0]).toBe('CONNECT privatecloud.example.invalid:443 HTTP/1.1')
      expect(seen.join('\n')).not.toContain('tok-123')
    } finally {
      transport.dispose()
      proxy.close()
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }
    }
  })
})
