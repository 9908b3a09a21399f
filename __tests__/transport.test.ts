/** The transport against servers that cut, drip or flood their answers: every read settles, in time and in size. */
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { BODY_CUT, MAX_BODY_BYTES, nodeTransport, TOO_LARGE, TOTAL_TIMEOUT } from '../src/transport.js'

type Handler = (res: ServerResponse) => void

async function serve(handler: Handler): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => handler(res))
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`, server }
}

async function withServer<T>(handler: Handler, fn: (url: string) => Promise<T>): Promise<T> {
  const { url, server } = await serve(handler)
  try {
    return await fn(url)
  } finally {
    server.closeAllConnections()
    await new Promise(resolve => server.close(resolve))
  }
}

describe('nodeTransport', () => {
  it('reads a whole answer', () =>
    withServer(
      res => res.end('{"ok":true}'),
      async url => {
        const transport = nodeTransport()
        const answer = await transport.send('GET', url, undefined, {})
        transport.dispose()
        expect(answer).toMatchObject({ status: 200, body: '{"ok":true}' })
      }
    ))

  it('rejects an answer cut before its Content-Length, instead of never settling', () =>
    withServer(
      res => {
        res.writeHead(200, { 'Content-Length': '1000' })
        res.write('{"id":"abc",')
        setTimeout(() => res.socket?.destroy(), 50)
      },
      async url => {
        const transport = nodeTransport()
        await expect(transport.send('GET', url, undefined, {})).rejects.toMatchObject({ code: BODY_CUT })
        transport.dispose()
      }
    ))

  it('ends a dripping answer at the total time limit', () =>
    withServer(
      res => {
        res.writeHead(200, { 'Content-Length': '100000' })
        const timer = setInterval(() => res.write('x'), 100)
        res.on('close', () => clearInterval(timer))
      },
      async url => {
        const transport = nodeTransport()
        const started = Date.now()
        await expect(transport.send('GET', url, undefined, {}, { timeoutMs: 700 })).rejects.toMatchObject({
          code: TOTAL_TIMEOUT
        })
        expect(Date.now() - started).toBeLessThan(3000)
        transport.dispose()
      }
    ))

  it('refuses an answer over the size cap without reading it all', () =>
    withServer(
      res => {
        res.writeHead(200)
        const chunk = Buffer.alloc(64 * 1024, 'a')
        const pump = (): void => {
          while (res.write(chunk));
          res.once('drain', pump)
        }
        res.on('close', () => res.removeAllListeners('drain'))
        pump()
      },
      async url => {
        const transport = nodeTransport()
        await expect(
          transport.send('GET', url, undefined, {}, { maxBytes: 1024 * 1024 })
        ).rejects.toMatchObject({ code: TOO_LARGE, message: expect.stringMatching(/larger than 1 MiB/) })
        transport.dispose()
      }
    ))

  it('reads an answer at the default cap (2 MiB) and refuses one byte more', () =>
    withServer(
      res => res.end(Buffer.alloc(Number(new URL(res.req.url ?? '', 'http://h').searchParams.get('n')), 'a')),
      async url => {
        const transport = nodeTransport()
        const atCap = await transport.send('GET', `${url}?n=${MAX_BODY_BYTES}`, undefined, {})
        await expect(
          transport.send('GET', `${url}?n=${MAX_BODY_BYTES + 1}`, undefined, {})
        ).rejects.toMatchObject({
          code: TOO_LARGE,
          message: expect.stringMatching(/larger than 2 MiB/)
        })
        transport.dispose()
        expect(atCap.body.length).toBe(2 * 1024 * 1024)
      }
    ))

  it('keeps only the tail of an oversized log answer', () =>
    withServer(
      res => res.end(`${'a'.repeat(3000)}THE END`),
      async url => {
        const transport = nodeTransport()
        const answer = await transport.send('GET', url, undefined, {}, { maxBytes: 1000, oversize: 'tail' })
        transport.dispose()
        expect(answer.truncatedFrom).toBe(3007)
        expect(answer.body.endsWith('THE END')).toBe(true)
        expect(answer.body.length).toBeLessThanOrEqual(1000)
      }
    ))
})
