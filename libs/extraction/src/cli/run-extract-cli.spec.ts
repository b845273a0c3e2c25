import { PassThrough } from 'node:stream';
import { runExtractCli } from './run-extract-cli';

async function runLines(lines: string[]): Promise<unknown[]> {
  const input = new PassThrough();
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (c) => chunks.push(String(c)));
  const done = runExtractCli(input, output);
  input.end(lines.join('\n') + '\n');
  await done;
  return chunks
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

describe('runExtractCli', () => {
  it('writes exactly one line per input, with id and events', async () => {
    const out = await runLines([
      JSON.stringify({ id: 'a', title: 'Russian missile kills five in Sumy', publishedAt: '2025-06-01T10:00:00Z' }),
      JSON.stringify({ id: 'b', title: 'Dynamo Kyiv win the cup' }),
    ]);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ id: 'a', events: [{ type: 'AttackReported' }] });
    expect(Object.keys((out[0] as { events: object[] }).events[0]).sort()).toEqual(['data', 'type']);
    expect(out[1]).toEqual({ id: 'b', events: [] });
  });

  it('answers a malformed line with an error line and carries on', async () => {
    const out = await runLines(['{not json', JSON.stringify({ title: 'no id' }), JSON.stringify({ id: 7, title: 'x' })]);
    expect(out[0]).toMatchObject({ id: null, events: [] });
    expect(typeof (out[0] as { error: string }).error).toBe('string');
    expect(out[1]).toMatchObject({ id: null, events: [] });
    expect(out[2]).toEqual({ id: '7', events: [] });
  });
});
