/**
 * Time builtins over nanoseconds since the epoch. Times are `number`s when they fit
 * exactly and bigints otherwise (today's timestamps are near 1.7e18, beyond 2^53), so no
 * nanosecond is lost. Zones: "UTC", "" and "Local" mean UTC; other IANA names go through
 * Intl.
 *
 * NOTE: "Local" is UTC here, not the host's zone, so a decision never depends on where
 * the gateway runs.
 */
import { isNumber, normalizeNumber } from '../value.js';
import type { RNumber, Value } from '../value.js';
import { toBigInt, truncated } from './arith.js';
import { builtinError, expectType, int, smallInt, str, typeError } from './args.js';
import { defineBuiltins } from './registry.js';
import type { Builtin } from './registry.js';
import { WEEKDAYS, formatLayout } from './time-layout.js';
import type { Civil } from './time-layout.js';
import { TimeParseError, parseLayout } from './time-parse.js';

const NS_PER_MS = 1_000_000n;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const RFC3339 = '2006-01-02T15:04:05Z07:00';
const RFC3339_NANO = '2006-01-02T15:04:05.999999999Z07:00';

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

function zoneFormat(name: string, zone: string): Intl.DateTimeFormat {
  let format = zoneFormats.get(zone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        timeZoneName: 'short',
      });
    } catch {
      throw builtinError(name, `unknown time zone ${zone}`);
    }
    zoneFormats.set(zone, format);
  }
  return format;
}

/** The zone's offset from UTC, in seconds, at instant `ms`, and its short name. */
function zoneOffset(name: string, zone: string, ms: number): [number, string] {
  if (zone === '' || zone === 'UTC' || zone === 'Local') return [0, 'UTC'];
  const parts = Object.fromEntries(
    zoneFormat(name, zone)
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return [Math.round((wall - Math.floor(ms / 1000) * 1000) / 1000), parts.timeZoneName ?? zone];
}

export function civil(name: string, ns: bigint, zone: string): Civil {
  const floorMs = ns >= 0n ? ns / NS_PER_MS : -((-ns + NS_PER_MS - 1n) / NS_PER_MS);
  const [offsetSeconds, zoneName] = zoneOffset(name, zone, Number(floorMs));
  const date = new Date(Number(floorMs) + offsetSeconds * 1000);
  const startOfYear = Date.UTC(date.getUTCFullYear(), 0, 1);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    nanos: Number(ns - floorMs * NS_PER_MS) + date.getUTCMilliseconds() * 1_000_000,
    weekday: date.getUTCDay(),
    yearDay: Math.floor((date.getTime() - startOfYear) / 86_400_000) + 1,
    offsetSeconds,
    zoneName,
  };
}

function inRange(name: string, ns: bigint): RNumber {
  if (ns < INT64_MIN || ns > INT64_MAX) throw builtinError(name, 'time outside of valid range');
  return normalizeNumber(ns);
}

/** `ns` or `[ns, zone]` (and `[ns, zone, layout]` for time.format). */
function instant(name: string, args: Value[]): [bigint, string, string | undefined] {
  const value = expectType(name, args, 0, ['number', 'array']);
  if (!Array.isArray(value)) return [toBigInt(int(name, args, 0)) ?? 0n, 'UTC', undefined];
  const [ns, zone = 'UTC', layout] = value;
  if (ns === undefined || !isNumber(ns)) {
    throw typeError(name, 1, 'array of [number, string]', 'array');
  }
  if (typeof zone !== 'string' || (layout !== undefined && typeof layout !== 'string')) {
    throw typeError(name, 1, 'array of [number, string]', 'array');
  }
  return [truncated(ns), zone, layout as string | undefined];
}

function parse(name: string, layout: string, text: string): RNumber {
  try {
    return inRange(name, parseLayout(layout, text));
  } catch (error) {
    if (!(error instanceof TimeParseError)) throw error;
    throw builtinError(
      name,
      `parsing time ${JSON.stringify(text)} as ${JSON.stringify(layout)}: ${error.message}`,
    );
  }
}

const DURATION_UNITS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** Go's time.ParseDuration: "1h30m", "1.5s", "-300ms". */
function parseDuration(text: string): RNumber {
  const name = 'time.parse_duration_ns';
  const match = /^([+-]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+|0)$/.exec(text);
  if (!match) throw builtinError(name, `time: invalid duration ${JSON.stringify(text)}`);
  let total = 0n;
  for (const [, amount = '', unit = ''] of (match[2] as string).matchAll(
    /(\d+\.?\d*|\.\d+)([a-zµμ]+)/g,
  )) {
    const [whole = '0', fraction = ''] = amount.split('.');
    const scale = BigInt(DURATION_UNITS[unit] ?? 0);
    const fractionNs =
      fraction === '' ? 0n : (BigInt(fraction) * scale) / 10n ** BigInt(fraction.length);
    total += BigInt(whole || '0') * scale + fractionNs;
  }
  return inRange(name, match[1] === '-' ? -total : total);
}

/** Go's AddDate: fields overflow into the next unit (Jan 31 + 1 month = Mar 3). */
function addDate(args: Value[]): RNumber {
  const name = 'time.add_date';
  const ns = toBigInt(int(name, args, 0)) ?? 0n;
  const [years, months, days] = [1, 2, 3].map((i) => smallInt(name, args, i)) as [
    number,
    number,
    number,
  ];
  const t = civil(name, ns, 'UTC');
  const date = new Date(0);
  date.setUTCFullYear(t.year + years, t.month - 1 + months, t.day + days);
  date.setUTCHours(t.hour, t.minute, t.second, 0);
  return inRange(name, BigInt(date.getTime()) * NS_PER_MS + BigInt(t.nanos));
}

/** Calendar difference between two instants, larger minus smaller, in each one's zone. */
function diff(args: Value[]): Value[] {
  const name = 'time.diff';
  let [a, b] = [instant(name, [args[0] ?? null]), instant(name, [args[1] ?? null])];
  if (a[0] > b[0]) [a, b] = [b, a];
  const x = civil(name, a[0], a[1]);
  const y = civil(name, b[0], b[1]);
  let [years, months, days] = [y.year - x.year, y.month - x.month, y.day - x.day];
  let [hours, minutes, seconds] = [y.hour - x.hour, y.minute - x.minute, y.second - x.second];
  if (seconds < 0) [seconds, minutes] = [seconds + 60, minutes - 1];
  if (minutes < 0) [minutes, hours] = [minutes + 60, hours - 1];
  if (hours < 0) [hours, days] = [hours + 24, days - 1];
  if (days < 0)
    [days, months] = [days + new Date(Date.UTC(x.year, x.month, 0)).getUTCDate(), months - 1];
  if (months < 0) [months, years] = [months + 12, years - 1];
  return [years, months, days, hours, minutes, seconds];
}

function civilOf(name: string, fields: (t: Civil) => Value): Builtin {
  return {
    name,
    arity: 1,
    impl: (args) => {
      const [ns, zone] = instant(name, args);
      return fields(civil(name, ns, zone));
    },
  };
}

defineBuiltins([
  { name: 'time.now_ns', arity: 0, impl: (_, context) => normalizeNumber(context.nowNs) },
  {
    name: 'time.parse_rfc3339_ns',
    arity: 1,
    impl: (args) => parse('time.parse_rfc3339_ns', RFC3339, str('time.parse_rfc3339_ns', args, 0)),
  },
  {
    name: 'time.parse_ns',
    arity: 2,
    impl: (args) =>
      parse('time.parse_ns', str('time.parse_ns', args, 0), str('time.parse_ns', args, 1)),
  },
  {
    name: 'time.parse_duration_ns',
    arity: 1,
    impl: (args) => parseDuration(str('time.parse_duration_ns', args, 0)),
  },
  civilOf('time.date', (t) => [t.year, t.month, t.day]),
  civilOf('time.clock', (t) => [t.hour, t.minute, t.second]),
  civilOf('time.weekday', (t) => WEEKDAYS[t.weekday] as string),
  {
    name: 'time.format',
    arity: 1,
    impl: (args) => {
      const [ns, zone, layout] = instant('time.format', args);
      return formatLayout(layout ?? RFC3339_NANO, civil('time.format', ns, zone));
    },
  },
  { name: 'time.add_date', arity: 4, impl: addDate },
  { name: 'time.diff', arity: 2, impl: diff },
]);
