/** Just enough multipart/form-data parsing for the upload endpoint. */

export interface Part {
  name: string
  filename?: string
  data: Buffer
}

export function parseMultipart(contentType: string | undefined, body: Buffer): Part[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '')
  if (!contentType?.startsWith('multipart/form-data') || !boundary) return []
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`)
  const parts: Part[] = []
  let start = body.indexOf(delimiter)
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length)
    if (next === -1) break
    const chunk = body.subarray(start + delimiter.length + 2, next - 2)
    const headerEnd = chunk.indexOf('\r\n\r\n')
    if (headerEnd !== -1) {
      const head = chunk.subarray(0, headerEnd).toString('utf8')
      const name = /name="([^"]*)"/i.exec(head)?.[1]
      const filename = /filename="([^"]*)"/i.exec(head)?.[1]
      if (name !== undefined) parts.push({ name, filename, data: chunk.subarray(headerEnd + 4) })
    }
    start = next
  }
  return parts
}
