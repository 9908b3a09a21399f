/** Where a job is polled: the Location header when it is on the API host, else /jobs/{id}. */
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
  it('follows a Location on the API host, even the /api/v3 path the prose shows (the spec says /api/v4)', () => {
    const location = 'https://privatecloud.mendixcloud.com/api/v3/jobs/59464c21-0558-47a9-8d3d-ccc7057dc359'
    expect(jobs.pollPath({ id: '59464c21-0558-47a9-8d3d-ccc7057dc359', location })).toBe(location)
  })

  it('ignores a Location on another host, so the token goes nowhere else', () => {
    expect(jobs.pollPath({ id: 'abc', location: 'https://elsewhere.example.com/jobs/abc' })).toBe('/jobs/abc')
  })

  it('uses /jobs/{id}, escaped, when there is no Location', () => {
    expect(jobs.pollPath({ id: 'a/b' })).toBe('/jobs/a%2Fb')
  })
})
