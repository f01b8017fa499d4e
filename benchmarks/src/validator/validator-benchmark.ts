import type { Language } from '@airlock/core';
import { allRules, parseSource, validate } from '@airlock/validator';
import { measure, median, percentile, round, type Benchmark, type Figure } from '../harness.js';
import { RemoteEslint } from './remote-eslint.js';
import { generateCorpus, generateSnippet } from './generate-corpus.js';
import { readRealCorpus } from './real-corpus.js';
import { compareThroughput, type Chunk } from './throughput.js';

const name = 'validator';
const throughputRuns = { warmupRuns: 1, runs: 5 };
const latencyRuns = { warmupRuns: 300, runs: 3000 };
const generatedBytes = 1_000_000;
const snippetBytes = 2048;

interface Corpus {
  label: string;
  chunks: Chunk[];
  bytes: number;
  /** Files left out because Airlock or ESLint could not parse them. */
  dropped: number;
}

/**
 * Keeps the files both tools parse, with the source type Airlock parsed them as, so the
 * two are compared on the same work. A file one of them rejects would be cheap for it.
 */
async function prepare(label: string, texts: string[], eslint: RemoteEslint): Promise<Corpus> {
  const parsed: Chunk[] = [];
  for (const text of texts) {
    const outcome = parseSource(text, 'javascript');
    if ('error' in outcome) continue;
    parsed.push({ text, bytes: Buffer.byteLength(text), sourceType: outcome.sourceType });
  }
  const eslintParses = await eslint.parses(parsed);
  const chunks = parsed.filter((_, i) => eslintParses[i]);
  const bytes = chunks.reduce((sum, c) => sum + c.bytes, 0);
  return { label, chunks, bytes, dropped: texts.length - chunks.length };
}

function describeCorpus(corpus: Corpus): string {
  const megabytes = (corpus.bytes / 1e6).toFixed(2);
  const dropped = corpus.dropped > 0 ? `, ${corpus.dropped} unparsable files left out` : '';
  return `${megabytes} MB in ${corpus.chunks.length} files${dropped}`;
}

async function compareOnCorpus(corpus: Corpus, eslint: RemoteEslint): Promise<Figure[]> {
  await eslint.load(corpus.chunks);
  const note = describeCorpus(corpus);
  const rules = `${allRules.length} rules`;
  const {
    megabytesPerSecond: rate,
    cpuMegabytesPerSecond: cpuRate,
    speedUps,
  } = await compareThroughput(
    corpus.chunks,
    {
      airlock: (c) => validate(c.text),
      eslint,
      parse: (c) => parseSource(c.text, 'javascript'),
    },
    throughputRuns,
  );
  const onCpu = (n: string): string => `${round(cpuRate[n] as number)} MB/s on CPU time`;
  const figure = (metric: string, value: number, unit: string, extra?: string): Figure => ({
    benchmark: name,
    metric: `${corpus.label}: ${metric}`,
    value,
    unit,
    ...(extra === undefined ? {} : { note: extra }),
  });
  return [
    figure('airlock', rate.airlock as number, 'MB/s', `${note}; ${rules}; ${onCpu('airlock')}`),
    figure('eslint+security', rate.eslint as number, 'MB/s', `${note}; ${onCpu('eslint')}`),
    figure('airlock/eslint', speedUps.eslint as number, '×', 'median of per-run time ratios'),
    figure(
      'parse only',
      rate.parse as number,
      'MB/s',
      `parseSource(), no rules; ${onCpu('parse')}`,
    ),
  ];
}

async function typescriptThroughput(): Promise<Figure> {
  const files = generateCorpus(generatedBytes, { typescript: true, seed: 7 });
  const language: Language = 'typescript';
  const failed = files.filter((text) => !validate(text, { language }).parsed).length;
  if (failed > 0) throw new Error(`${failed} generated TypeScript files do not parse.`);

  const chunks = files.map((text) => ({
    text,
    bytes: Buffer.byteLength(text),
    sourceType: 'module' as const,
  }));
  const { megabytesPerSecond: rate, cpuMegabytesPerSecond: cpuRate } = await compareThroughput(
    chunks,
    { airlock: (c) => validate(c.text, { language }) },
    throughputRuns,
  );
  const value = rate.airlock as number;
  const bytes = chunks.reduce((sum, c) => sum + c.bytes, 0);
  const megabytes = (bytes / 1e6).toFixed(2);
  const note = `${megabytes} MB in ${chunks.length} files; ${round(cpuRate.airlock as number)} MB/s on CPU time`;
  return { benchmark: name, metric: 'generated ts: airlock', value, unit: 'MB/s', note };
}

async function snippetLatency(): Promise<Figure[]> {
  const snippet = generateSnippet(snippetBytes, { typescript: false, seed: 11 });
  if (!validate(snippet).parsed) throw new Error('The latency snippet does not parse.');

  const samplesMs = await measure(() => validate(snippet), latencyRuns);
  const note = `${Buffer.byteLength(snippet)} bytes, ${latencyRuns.runs} calls`;
  return [
    {
      benchmark: name,
      metric: '2 KB snippet: latency median',
      value: median(samplesMs),
      unit: 'ms',
      note,
    },
    {
      benchmark: name,
      metric: '2 KB snippet: latency p99',
      value: percentile(samplesMs, 99),
      unit: 'ms',
      note,
    },
  ];
}

/**
 * How fast `validate()` is with every rule on: MB/s on generated and on published
 * JavaScript beside ESLint with eslint-plugin-security on the same files, MB/s on
 * generated TypeScript, and the latency of one request-sized snippet.
 */
export const validatorBenchmark: Benchmark = {
  name,
  async run() {
    const eslint = new RemoteEslint();
    const generated = generateCorpus(generatedBytes, { typescript: false, seed: 1 });
    const real = readRealCorpus().map((file) => file.text);

    try {
      return [
        ...(await compareOnCorpus(await prepare('generated js', generated, eslint), eslint)),
        ...(await compareOnCorpus(await prepare('published js', real, eslint), eslint)),
        await typescriptThroughput(),
        ...(await snippetLatency()),
      ];
    } finally {
      await eslint.close();
    }
  },
};
