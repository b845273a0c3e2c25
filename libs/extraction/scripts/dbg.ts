import { extract } from '@app/extraction';
import { readFileSync } from 'fs';
const id = process.argv[2];
for (const l of readFileSync('../shared/corpus/dev.jsonl','utf8').split('\n').filter(Boolean)) {
  const r = JSON.parse(l); if (r.id !== id) continue;
  const res = extract(r);
  for (const e of res.events) console.log(e.type, JSON.stringify(e.data), e.evidence.map(x=>x.start));
}
