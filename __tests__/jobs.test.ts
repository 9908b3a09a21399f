/** Where a job is polled: the documented /jobs/{id}; the Location header is not followed (see e2e-fidelity). */
import { MendixHttp, patCredentials, type Transport } from '../src/http.js'
import { JobsClient } from '../src/private-cloud/jobs.js'
import { FakeClock } from './support/fake-clock.js'

const unused: Transport = {
  send: async () => {
    throw new Error('no request expected')
  },
  sendStream: async () => {
    throw new Error('no request expected')
  },
  dispose: () => {}
}

const jobs = new JobsClient(
  new MendixHttp({
    baseUrl: 'https://privatecloud.mendixcloud.com/api/v4',
    credentials: patCredentials('t'),
    clock: new FakeClock(),
    transport: unused
  })
)

describe('JobsClient.pollPath', () => {
  it('polls the documented /jobs/{id} below the API URL, whatever Location the 202 had', () => {
    expect(jobs.pollPath({ id: '59464c21-0558-47a9-8d3d-ccc7057dc359' })).toBe(
      '/jobs/59464c21-0558-47a9-8d3d-ccc7057dc359'
    )
  })

  it('escapes the id', () => {
    expect(jobs.pollPath({ id: 'a/b' })).toBe('/jobs/a%2Fb')
  })
})
