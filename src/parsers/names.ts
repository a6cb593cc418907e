/**
 * Kubernetes names and labels, validated as the API server validates them
 * (k8s.io/apimachinery/pkg/util/validation/validation.go), so a name that Kubernetes would
 * reject is an input error here too (docs/reliability.md, "Names are data"). Each function
 * returns what is wrong, or undefined.
 */

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const QUALIFIED_NAME = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';

const dnsLabelRe = new RegExp(`^${DNS1123_LABEL}$`);
const dnsSubdomainRe = new RegExp(`^${DNS1123_SUBDOMAIN}$`);
const qualifiedNameRe = new RegExp(`^${QUALIFIED_NAME}$`);
const labelValueRe = new RegExp(`^(${QUALIFIED_NAME})?$`);

/** validation.go IsDNS1123Subdomain: object names (Deployment, Pod, Node, HPA, PDB, DaemonSet). */
export function dns1123SubdomainProblem(v: string): string | undefined {
  if (v.length > 253) return `must be no more than 253 characters, got ${v.length}`;
  if (!dnsSubdomainRe.test(v)) {
    return `${JSON.stringify(v)} is not a lowercase RFC 1123 subdomain: lower case alphanumeric characters, '-' or '.', starting and ending with an alphanumeric character (e.g. 'example.com')`;
  }
  return undefined;
}

/** validation.go IsDNS1123Label: namespace names. */
export function dns1123LabelProblem(v: string): string | undefined {
  if (v.length > 63) return `must be no more than 63 characters, got ${v.length}`;
  if (!dnsLabelRe.test(v)) {
    return `${JSON.stringify(v)} is not a lowercase RFC 1123 label: lower case alphanumeric characters or '-', starting and ending with an alphanumeric character (e.g. 'my-name')`;
  }
  return undefined;
}

/** validation.go IsQualifiedName: a label key, `[prefix/]name`. */
export function labelKeyProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return `label key ${JSON.stringify(key)} must be a name with an optional DNS subdomain prefix and '/'`;
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    if (parts[0] === '') return `label key ${JSON.stringify(key)}: the prefix part must be non-empty`;
    const prefix = dns1123SubdomainProblem(parts[0]);
    if (prefix) return `label key ${JSON.stringify(key)}: prefix part ${prefix}`;
  }
  if (name.length === 0) return `label key ${JSON.stringify(key)}: the name part must be non-empty`;
  if (name.length > 63) return `label key ${JSON.stringify(key)}: the name part must be no more than 63 characters`;
  if (!qualifiedNameRe.test(name)) {
    return `label key ${JSON.stringify(key)}: the name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`;
  }
  return undefined;
}

/** validation.go IsValidLabelValue. */
export function labelValueProblem(v: string): string | undefined {
  if (v.length > 63) return `label value ${JSON.stringify(v)} must be no more than 63 characters`;
  if (!labelValueRe.test(v)) {
    return `label value ${JSON.stringify(v)} must be empty or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`;
  }
  return undefined;
}
