/**
 * A label selector in its string form (`labels.Parse`, k8s.io/apimachinery selector.go), as the
 * DeschedulerPolicy's `nodeSelector` gives it: comma-separated requirements `key`, `!key`,
 * `key=value` (or `==`), `key!=value`, `key in (a,b)`, `key notin (a,b)`, `key>n`, `key<n`.
 */
import type { NodeSelectorRequirementSpec } from '../../model/cluster.js';
import type { Reader } from './reader.js';

/** Splits at commas outside parentheses. */
function parts(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim() !== '' || out.length > 0) out.push(cur.trim());
  return out;
}

const SET = /^([A-Za-z0-9./_-]+)\s+(in|notin)\s*\(([^)]*)\)$/;
const OP = /^([A-Za-z0-9./_-]+)\s*(==|=|!=|>|<)\s*([A-Za-z0-9._-]*)$/;
const KEY = /^(!?)\s*([A-Za-z0-9./_-]+)$/;

export function parseLabelSelectorString(r: Reader, text: string, field: string): NodeSelectorRequirementSpec[] {
  return parts(text).map((p) => {
    let m = SET.exec(p);
    if (m) return { key: m[1], operator: m[2] === 'in' ? 'In' : 'NotIn', values: m[3].split(',').map((v) => v.trim()).filter((v) => v !== '') };
    m = OP.exec(p);
    if (m) {
      const op = m[2] === '!=' ? 'NotIn' : m[2] === '>' ? 'Gt' : m[2] === '<' ? 'Lt' : 'In';
      return { key: m[1], operator: op, values: [m[3]] };
    }
    m = KEY.exec(p);
    if (m) return { key: m[2], operator: m[1] === '!' ? 'DoesNotExist' : 'Exists' };
    return r.fail(field, `unable to parse requirement ${JSON.stringify(p)}`);
  });
}
