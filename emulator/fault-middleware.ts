/**
 * Where an injected fault (faults.ts) meets a request. Some faults act before the route runs (a dropped
 * connection, a slow answer, a proxy's HTML 502, a 429 or 503), the others spoil the route's reply on its way out
 * (dropped after processing, a replaced or a truncated body). Faults apply to every API family alike.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Fault } from './faults.js'
import { errorBody, send, type Reply } from './protocol.js'
import type { Route } from './routes.js'
import type { TrafficEntry } from './traffic.js'

const HTML_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n'

export interface FaultedExchange {
  req: IncomingMessage
  res: ServerResponse
  route: Route
  entry: TrafficEntry
  /** Drains a streamed body the route will not read, so the client can finish sending and read the answer. */
  drain: () => void
}

/** Applies a fault that acts before the route; true when it has answered (or dropped) the request itself. */
export async function faultBefore(fault: Fault | undefined, x: FaultedExchange): Promise<boolean> {
  if (!fault) return false
  if (fault.kind === 'drop-before') {
    x.req.socket.destroy()
    return true
  }
  if (fault.kind === 'slow') await new Promise(resolve => setTimeout(resolve, fault.delayMs))
  if (fault.kind === 'html502') {
    x.entry.status = 502
    x.res.writeHead(502, { 'Content-Type': 'text/html' })
    x.res.end(HTML_502)
    return true
  }
  if (fault.kind === 'status') {
    x.entry.status = fault.status
    const headers = fault.retryAfter ? { 'Retry-After': fault.retryAfter } : undefined
    const message = fault.status === 429 ? 'Too Many Requests' : 'The service is temporarily unavailable'
    x.drain()
    // Each API family answers with its own error body.
    const body =
      x.route.rights || x.route.repository
        ? {
            errorCode: fault.status === 429 ? 'TOO_MANY_REQUESTS' : 'SERVICE_UNAVAILABLE',
            errorMessage: message
          }
        : errorBody(fault.status, message)
    send(x.res, { status: fault.status, headers, body })
    return true
  }
  return false
}

/** Sends the route's reply, spoiled by a fault that acts after the route, if there is one. */
export function sendFaulted(fault: Fault | undefined, x: FaultedExchange, reply: Reply): void {
  if (fault?.kind === 'drop-after') return void x.req.socket.destroy()
  if (fault?.kind === 'replace-body') {
    x.entry.status = fault.status ?? reply.status
    x.res.writeHead(x.entry.status, {
      ...reply.headers,
      'Content-Type': fault.contentType ?? 'application/json'
    })
    return void x.res.end(fault.body)
  }
  send(x.res, reply, fault?.kind === 'truncate')
}
