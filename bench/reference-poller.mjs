/**
 * The way common public templates script a Private Cloud deploy today: POST the build, then `sleep N` between
 * polls of the job, GET the manifest, set the package, PUT it back, `sleep N` between polls again. No backoff,
 * no Location header, no Retry-After. Kept deliberately plain: it is the baseline the action is measured against.
 */
const [apiUrl, token, appId, namespaceId, environmentId, branch, revision, sleepSeconds] =
  process.argv.slice(2)
const headers = { Authorization: `MxToken ${token}`, 'Content-Type': 'application/json' }
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))

async function call(method, path, body) {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers,
    body: body ? JSON.stringify(body) : undefined
  })
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`)
  return response.json()
}

async function waitForJob(id) {
  for (;;) {
    await sleep(Number(sleepSeconds) * 1000)
    const job = await call('GET', `/jobs/${id}`)
    if (job.status === 'finished' || job.status === 'failed') return job
  }
}

const build = await call('POST', `/apps/${appId}/packages/build`, { branch, revision })
const built = await waitForJob(build.id)
if (built.status !== 'finished' || !built.packageId) throw new Error('build failed')
const path = `/apps/${appId}/namespaces/${namespaceId}/environments/${environmentId}`
const manifest = await call('GET', path)
manifest.environment.deployment.packageId = built.packageId
const deploy = await call('PUT', path, manifest)
const deployed = await waitForJob(deploy.id)
if (deployed.status !== 'finished') throw new Error('deploy failed')
console.log(`deployed ${built.packageId}`)
