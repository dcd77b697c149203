/**
 * Connection URLs go into a report that leaves the building, so passwords never do:
 * `mysql://sync:s3cret@10.1.2.3/front` → `mysql://sync:***@10.1.2.3/front`. Query parameters that
 * look like secrets (password, token, key, secret) are masked too.
 */
const SECRET_PARAMETER = /pass|pwd|token|secret|key/i;

export function maskUrl(value: string): string {
  if (!URL.canParse(value)) return value.replace(/\/\/[^@/]*@/, '//***@');
  const url = new URL(value);
  if (url.password) url.password = '***';
  for (const name of [...url.searchParams.keys()]) {
    if (SECRET_PARAMETER.test(name)) url.searchParams.set(name, '***');
  }
  // URL keeps `***` percent-encoded in some positions; show it as typed.
  return url.toString().replace(/%2A%2A%2A/gi, '***');
}
