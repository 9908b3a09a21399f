/** `npm run emulator`: the first line on stdout is the JSON a demo needs; it serves until SIGINT/SIGTERM. */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { ROOT } from '../scripts/run-action.js'

it('runs on the Node major that action.yml declares', () => {
  expect(process.versions.node.split('.')[0]).toBe('24')
})

it.each(['SIGINT', 'SIGTERM'] as const)(
  'prints one JSON line first, serves, and stops on %s',
  async signal => {
    const child = spawn(
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      ['emulator/cli.ts', '--port', '0', '--build-seconds', '1'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe']
      }
    )
    const [first] = (await once(createInterface({ input: child.stdout }), 'line')) as [string]
    const info = JSON.parse(first) as {
      url: string
      token: string
      appId: string
      environment: { id: string; name: string; namespaceId: string }
      branch: string
      revision: string
      mendixCloud: { url: string; username: string; apiKey: string; appId: string }
    }
    expect(info).toMatchObject({ branch: 'main', environment: { name: 'test' } })
    const response = await fetch(`${info.url}/apps/${info.appId}/environments`, {
      headers: { Authorization: `MxToken ${info.token}` }
    })
    expect(response.status).toBe(200)
    const cloud = await fetch(`${info.mendixCloud.url}/apps/${info.mendixCloud.appId}`, {
      headers: {
        'Mendix-Username': info.mendixCloud.username,
        'Mendix-ApiKey': info.mendixCloud.apiKey,
        'Content-Type': 'application/json'
      }
    })
    expect(cloud.status).toBe(200)
    child.kill(signal)
    const [code] = (await once(child, 'exit')) as [number | null]
    expect(code).toBe(0)
  }
)
