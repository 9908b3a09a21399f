/** Server text is data: what the log, the summary and the outputs make of hostile strings. */
import {
  checkServerId,
  clearSecrets,
  codeCell,
  displayUrl,
  escapeCell,
  escapeHtml,
  linkCell,
  neutralise,
  redact,
  registerSecret
} from '../src/untrusted.js'

/** Lines as the runner splits them: on \n, \r\n and a lone \r. */
const runnerLines = (text: string): string[] => text.split(/\r\n|\r|\n/)
const startsCommand = (line: string): boolean => /^\s*::/.test(line) || line.includes('##[')

afterEach(() => clearSecrets())

describe('neutralise', () => {
  it.each([
    'x\n::warning::pwned',
    'x\r::stop-commands::abc',
    'x\r\n  ::set-output name=a::b',
    '::error::at the start',
    '##[error]old form',
    'a\u2028::notice::line separator',
    'tab\t\n\t::debug::x'
  ])('leaves no line of %j that starts a workflow command', hostile => {
    const lines = runnerLines(neutralise(hostile))
    expect(lines.filter(startsCommand)).toEqual([])
  })

  it('shows control characters as escapes instead of sending them to the terminal', () => {
    expect(neutralise('red \u001b[31m text\rback')).toBe('red \\u001b[31m text\\u000dback')
  })

  it('keeps ordinary multi-line text readable', () => {
    expect(neutralise('Build job is running (after 1.0s)\nnext: a::b')).toBe(
      'Build job is running (after 1.0s)\nnext: a::b'
    )
  })

  it('takes credentials out of URLs and redacts secrets', () => {
    registerSecret('hunter2-secret')
    expect(neutralise('GET https://user:pw@api.example.com/x said hunter2-secret')).toBe(
      'GET https://api.example.com/x said ***'
    )
  })
})

describe('redact', () => {
  it('finds a secret raw, JSON-escaped and URL-encoded', () => {
    const secret = 'p"a\\ss w0rd'
    registerSecret(secret)
    const json = JSON.stringify({ value: secret })
    expect(redact(`raw ${secret} json ${json} url ${encodeURIComponent(secret)}`)).not.toMatch(/p"a|w0rd/)
  })

  it('leaves text alone when no secret is in it', () => {
    registerSecret('abcdef')
    expect(redact('nothing here')).toBe('nothing here')
  })
})

describe('summary escaping', () => {
  it('keeps a table row whole and renders no HTML from a cell', () => {
    const cell = escapeCell('<img src=x onerror=alert(1)> | `code` [a](javascript:alert(1)) *b*')
    expect(cell).not.toMatch(/[<>|`[\]*]/)
    expect(cell).not.toContain('javascript:')
    expect(`| k | ${cell} |`.split(/(?<!\\)\|/)).toHaveLength(4)
  })

  it('uses a plain code span for ids and escaped <code> for anything else', () => {
    expect(codeCell('3f0c2a9e-1b2c-4d5e-8f90-a1b2c3d4e5f6')).toBe('`3f0c2a9e-1b2c-4d5e-8f90-a1b2c3d4e5f6`')
    expect(codeCell('a`b|<c>')).toBe('<code>a&#96;b&#124;&lt;c&gt;</code>')
  })

  it('links only https and loopback http URLs', () => {
    expect(linkCell('https://app.example.com')).toBe('[https://app.example.com](https://app.example.com)')
    expect(linkCell('http://127.0.0.1:8080/app')).toBe(
      '[http://127.0.0.1:8080/app](http://127.0.0.1:8080/app)'
    )
    // This machine as app-url.ts defines it, the same for every URL rule of the action.
    expect(linkCell('http://127.0.0.2:8080/app')).toBe(
      '[http://127.0.0.2:8080/app](http://127.0.0.2:8080/app)'
    )
    expect(linkCell('http://0.0.0.0:8080/')).toBe('[http://0.0.0.0:8080/](http://0.0.0.0:8080/)')
    for (const bad of [
      'javascript:alert(1)',
      'http://evil.example.com',
      'http://localhost.evil.example.com',
      'data:text/html,<b>x</b>'
    ]) {
      expect(linkCell(bad)).not.toMatch(/\]\(|<a |javascript:|<b>/)
    }
  })

  it('escapes HTML in <pre> blocks so an error cannot close them', () => {
    expect(escapeHtml('</pre><script>x</script>```')).toBe('&lt;/pre>&lt;script>x&lt;/script>```')
  })
})

describe('server ids', () => {
  it('accepts UUIDs and Kubernetes-style names', () => {
    expect(checkServerId('packageId', '3f0c2a9e-1b2c-4d5e-8f90-a1b2c3d4e5f6')).toBe(
      '3f0c2a9e-1b2c-4d5e-8f90-a1b2c3d4e5f6'
    )
    expect(checkServerId('environmentId', 'orders-test')).toBe('orders-test')
  })

  it.each(['../../etc', 'a/b', 'a\nb', '', ' x', 'x'.repeat(200)])('refuses %j, naming the field', bad => {
    expect(() => checkServerId('packageId', bad)).toThrow(/malformed packageId/)
  })
})

describe('displayUrl', () => {
  it('drops user and password, keeps the rest', () => {
    expect(displayUrl('http://user:hunter2@127.0.0.1:9/api/v4')).toBe('http://127.0.0.1:9/api/v4')
  })
})
