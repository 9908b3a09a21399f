/**
 * A forward proxy, as on a runner behind one (`http_proxy`): it tunnels CONNECT and forwards absolute-form
 * requests, whatever host they name, to `target`, and records what it was asked for. Through it a test can give
 * an app a real-looking name that is not on loopback (the toolkit's agent sends loopback past the proxy) and
 * still reach the emulator; and a request the action must never make shows up in `asked` if it is made.
 */
import { createServer, request, type Server } from 'node:http'
import { connect } from 'node:net'

export interface ForwardProxy {
  url: string
  /** `CONNECT host:port` or `METHOD absolute-url`, one per request, in order. */
  asked: string[]
  close(): Promise<void>
}

export async function forwardProxy(target: string): Promise<ForwardProxy> {
  const asked: string[] = []
  const { hostname, port } = new URL(target)
  const server: Server = createServer((req, res) => {
    asked.push(`${req.method} ${req.url}`)
    const { pathname, search } = new URL(req.url!)
    const upstream = request(
      { hostname, port, method: req.method, path: pathname + search, headers: req.headers },
      answer => {
        res.writeHead(answer.statusCode!, answer.headers)
        answer.pipe(res)
      }
    )
    req.pipe(upstream)
  })
  server.on('connect', (req, client, head) => {
    asked.push(`CONNECT ${req.url}`)
    const upstream = connect(Number(port), hostname, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    upstream.on('error', () => client.destroy())
    client.on('error', () => upstream.destroy())
  })
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
  const address = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${address.port}`,
    asked,
    close: () =>
      new Promise(r => {
        server.closeAllConnections()
        server.close(() => r())
      })
  }
}
