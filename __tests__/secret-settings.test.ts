/** What is masked of secret settings, and in which forms (issue 23, finding 1): the parts under the e2e tests. */
import { jest } from '@jest/globals'
import { maskFoundValues } from '../src/masking.js'
import * as out from '../src/output.js'
import { secretConstantValues } from '../src/mendix-cloud/secret-settings.js'
import { secretValuePaths, secretValuesIn } from '../src/private-cloud/secret-settings.js'
import { clearSecrets, redact } from '../src/untrusted.js'

const b64 = (text: string) => Buffer.from(text).toString('base64')

/** Runs `fn` and returns what it wrote to stdout (the runner's `::add-mask::` commands). */
function stdoutOf(fn: () => void): string {
  const chunks: string[] = []
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    chunks.push(String(chunk))
    return true
  })
  try {
    fn()
  } finally {
    spy.mockRestore()
  }
  return chunks.join('')
}

beforeEach(() => clearSecrets())

describe('a secret is masked in every form', () => {
  it('raw, JSON-escaped, URL-encoded and base64, in our own redaction and in the runner', () => {
    const secret = 'p"w\\d 9/x+'
    const commands = stdoutOf(() => out.setSecret(secret))
    const forms = [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), b64(secret)]
    for (const form of forms) {
      expect(redact(`before ${form} after`)).toBe('before *** after')
      expect(commands).toContain(`::add-mask::${form.replace(/%/g, '%25')}`)
    }
  })

  it('a value read from a server too short to search for is left alone; a long one is announced once', () => {
    const commands = stdoutOf(() => {
      out.setFoundSecret('no')
      out.setFoundSecret('old-value-1')
      out.setFoundSecret('old-value-1')
    })
    expect(redact('no')).toBe('no')
    expect(commands).not.toContain('::add-mask::no\n')
    expect(commands.match(/::add-mask::old-value-1\n/g)).toHaveLength(1)
    expect(redact(`x ${b64('old-value-1')} y`)).toBe('x *** y')
  })

  it('maskFoundValues masks every string within a value, and numbers', () => {
    stdoutOf(() => maskFoundValues([{ a: ['nested-secret'], b: 123456 }, 'plain-secret', null, true]))
    expect(redact('nested-secret plain-secret 123456 true')).toBe('*** *** *** true')
  })
})

describe('Private Cloud manifests', () => {
  const settings = {
    constants: [
      { name: 'M.ApiKey', value: 'new-key', secret: true },
      { name: 'M.Url', value: 'https://x' }
    ],
    environmentVariables: [{ name: 'TOKEN', value: 'new-token', secret: true }]
  }
  const manifest = {
    environment: {
      deployment: {
        constants: [
          { name: 'M.ApiKey', value: 'old-key' },
          { name: 'M.Url', value: 'https://old' }
        ]
      },
      runtime: {
        environmentVariables: [
          { name: 'TOKEN', value: 'old-token' },
          { name: 'OTHER', value: 'shown' }
        ],
        subscriptionSecret: b64('license-text'),
        debuggerPassword: 'LS0t',
        mxAdminPassword: b64('admin-pw')
      },
      network: { outgoingConnectionCertificate: [{ password: b64('cert-pw'), key: 'S0VZ' }] }
    }
  }

  it('names the places of the secret settings as the diff does', () => {
    expect(secretValuePaths(settings)).toEqual([
      'environment.deployment.constants.M.ApiKey.value',
      'environment.runtime.environmentVariables.TOKEN.value'
    ])
  })

  it('finds the old values of the secret settings, the runtime secrets and certificates, decoded too', () => {
    const found = secretValuesIn(manifest, settings).filter(v => v !== undefined)
    expect(found.sort()).toEqual(
      [
        'old-key',
        'old-token',
        b64('license-text'),
        'license-text',
        b64('admin-pw'),
        'admin-pw',
        b64('cert-pw'),
        'cert-pw',
        'S0VZ'
      ].sort()
    )
  })

  it('reads an odd manifest without throwing', () => {
    for (const odd of [{}, { environment: null }, { environment: { deployment: { constants: 'x' } } }])
      expect(secretValuesIn(odd, settings)).toEqual([])
  })
})

describe('Mendix Cloud settings', () => {
  it("finds what a secret constant holds (Value and DeployedValue), not other constants'", () => {
    const document = {
      Constants: [
        { Name: 'M.ApiKey', DataType: 'String', Value: 'old-key', DeployedValue: 'deployed-key' },
        { Name: 'M.Url', DataType: 'String', Value: 'https://old', DeployedValue: 'https://old' }
      ]
    }
    const constants = [
      { name: 'M.ApiKey', value: 'new', secret: true },
      { name: 'M.Url', value: 'https://x' }
    ]
    expect(secretConstantValues(document, constants)).toEqual(['old-key', 'deployed-key'])
    expect(secretConstantValues({}, constants)).toEqual([])
  })
})
