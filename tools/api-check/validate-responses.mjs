// Checks every response recorded by the integration tests (NAME.STATUS.N.json, NAME = operationId)
// against the schema that docs/api/openapi.yaml gives for that operation and status.
// Usage: node validate-responses.mjs OPENAPI.yaml DIR
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const [specPath, dir] = process.argv.slice(2);
const spec = YAML.parse(readFileSync(specPath, 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: 'spec', components: spec.components });

const operations = {};
for (const [path, item] of Object.entries(spec.paths))
  for (const [method, op] of Object.entries(item))
    if (op && op.operationId) operations[op.operationId] = op;

const rewrite = (node) => {
  if (Array.isArray(node)) return node.map(rewrite);
  if (node && typeof node === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(node))
      out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? 'spec' + v : rewrite(v);
    return out;
  }
  return node;
};
const resolveResponse = (r) => (r && r.$ref ? spec.components.responses[r.$ref.split('/').pop()] : r);

let checked = 0, failed = 0;
const seen = new Set();
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const [operationId, status] = file.split('.');
  const op = operations[operationId];
  if (!op) { console.error(`${file}: unknown operationId ${operationId}`); failed++; continue; }
  const response = resolveResponse(op.responses[status]);
  if (!response) { console.error(`${file}: status ${status} is not in the contract of ${operationId}`); failed++; continue; }
  const content = response.content || {};
  const media = content['application/json'] || content['application/problem+json'];
  if (!media) { console.error(`${file}: ${operationId} ${status} has no JSON body in the contract`); failed++; continue; }
  const validate = ajv.compile(rewrite(media.schema));
  const body = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  checked++;
  seen.add(`${operationId} ${status}`);
  if (!validate(body)) {
    failed++;
    console.error(`${file}: ${ajv.errorsText(validate.errors)}`);
  }
}
console.log(`checked ${checked} recorded responses of ${seen.size} operation/status pairs against ${specPath}`);
console.log([...seen].sort().join('\n'));
if (checked === 0) { console.error('no recorded responses found'); process.exit(1); }
process.exit(failed ? 1 : 0);
