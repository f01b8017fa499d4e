/** Parsing a time string against a Go layout, into nanoseconds since the epoch. */
import { MONTHS, WEEKDAYS, tokenize } from './time-layout.js';
import type { Chunk } from './time-layout.js';

export class TimeParseError extends Error {}

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nanos: number;
  pm: boolean | undefined;
  offsetSeconds: number;
}

class Scanner {
  i = 0;
  constructor(readonly text: string) {}

  digits(min: number, max: number, what: string): number {
    const match = new RegExp(`^\\d{${min},${max}}`).exec(this.text.slice(this.i));
    if (!match) throw new TimeParseError(`cannot parse ${what}`);
    this.i += match[0].length;
    return Number(match[0]);
  }

  name(names: string[], length: number | undefined, what: string): number {
    const rest = this.text.slice(this.i).toLowerCase();
    const found = names.findIndex((n) =>
      rest.startsWith((length ? n.slice(0, length) : n).toLowerCase()),
    );
    if (found < 0) throw new TimeParseError(`cannot parse ${what}`);
    this.i += length ?? (names[found] as string).length;
    return found;
  }

  take(text: string): boolean {
    if (!this.text.startsWith(text, this.i)) return false;
    this.i += text.length;
    return true;
  }
}

function offset(s: Scanner, chunk: Chunk): number {
  if (chunk.startsWith('Z') && s.take('Z')) return 0;
  const sign = s.take('-') ? -1 : s.take('+') ? 1 : 0;
  if (sign === 0) throw new TimeParseError('cannot parse zone offset');
  const colon = chunk.includes(':');
  const hours = s.digits(2, 2, 'zone hours');
  let minutes = 0;
  let seconds = 0;
  if (!chunk.endsWith('07')) {
    if (colon && !s.take(':')) throw new TimeParseError('cannot parse zone offset');
    minutes = s.digits(2, 2, 'zone minutes');
  }
  if (chunk.endsWith('0000') || chunk.endsWith(':00:00')) {
    if (colon && !s.take(':')) throw new TimeParseError('cannot parse zone offset');
    seconds = s.digits(2, 2, 'zone seconds');
  }
  return sign * (hours * 3600 + minutes * 60 + seconds);
}

function fraction(s: Scanner): number {
  const match = /^[.,](\d+)/.exec(s.text.slice(s.i));
  if (!match) return 0;
  s.i += match[0].length;
  return Number(((match[1] as string) + '000000000').slice(0, 9));
}

type Reader = (s: Scanner, f: Fields) => void;

function twoDigitYear(s: Scanner, f: Fields): void {
  const y = s.digits(2, 2, 'year');
  f.year = y >= 69 ? 1900 + y : 2000 + y;
}

function meridiem(s: Scanner, f: Fields): void {
  const marker = s.text.slice(s.i, s.i + 2).toUpperCase();
  if (marker !== 'AM' && marker !== 'PM') throw new TimeParseError('cannot parse AM/PM');
  f.pm = marker === 'PM';
  s.i += 2;
}

function zoneName(s: Scanner): void {
  const match = /^(?:[A-Z]{3,5}|[+-]\d{2,4})/.exec(s.text.slice(s.i));
  if (!match) throw new TimeParseError('cannot parse zone name');
  s.i += match[0].length;
}

/** What each layout chunk reads; zone offsets are handled by `offset`. */
const READERS: Partial<Record<Chunk, Reader>> = {
  January: (s, f) => (f.month = s.name(MONTHS, undefined, 'month') + 1),
  Jan: (s, f) => (f.month = s.name(MONTHS, 3, 'month') + 1),
  Monday: (s) => s.name(WEEKDAYS, undefined, 'weekday'),
  Mon: (s) => s.name(WEEKDAYS, 3, 'weekday'),
  MST: zoneName,
  '01': (s, f) => (f.month = s.digits(2, 2, 'month')),
  '1': (s, f) => (f.month = s.digits(1, 2, 'month')),
  '02': (s, f) => (f.day = s.digits(2, 2, 'day')),
  _2: (s, f) => {
    s.take(' ');
    f.day = s.digits(1, 2, 'day');
  },
  '2': (s, f) => (f.day = s.digits(1, 2, 'day')),
  '002': (s) => s.digits(3, 3, 'day of year'),
  __2: (s) => {
    s.take(' ');
    s.digits(1, 3, 'day of year');
  },
  '15': (s, f) => (f.hour = s.digits(1, 2, 'hour')),
  '03': (s, f) => (f.hour = s.digits(2, 2, 'hour')),
  '3': (s, f) => (f.hour = s.digits(1, 2, 'hour')),
  '04': (s, f) => (f.minute = s.digits(2, 2, 'minute')),
  '4': (s, f) => (f.minute = s.digits(1, 2, 'minute')),
  '05': (s, f) => (f.second = s.digits(2, 2, 'second')),
  '5': (s, f) => (f.second = s.digits(1, 2, 'second')),
  '2006': (s, f) => (f.year = s.digits(4, 4, 'year')),
  '06': twoDigitYear,
  PM: meridiem,
  pm: meridiem,
};

function chunkValue(s: Scanner, chunk: Chunk, f: Fields): void {
  const read = READERS[chunk];
  if (read) read(s, f);
  else f.offsetSeconds = offset(s, chunk);
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function check(f: Fields): void {
  if (f.month < 1 || f.month > 12) throw new TimeParseError('month out of range');
  if (f.day < 1 || f.day > daysIn(f.year, f.month)) throw new TimeParseError('day out of range');
  if (f.pm !== undefined && (f.hour < 1 || f.hour > 12))
    throw new TimeParseError('hour out of range');
  if (f.pm !== undefined) f.hour = (f.hour % 12) + (f.pm ? 12 : 0);
  if (f.hour > 23) throw new TimeParseError('hour out of range');
  if (f.minute > 59) throw new TimeParseError('minute out of range');
  if (f.second > 59) throw new TimeParseError('second out of range');
}

function newFields(): Fields {
  const f = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0, nanos: 0 };
  return { ...f, pm: undefined, offsetSeconds: 0 };
}

function readTokens(s: Scanner, layout: string, f: Fields): void {
  const tokens = tokenize(layout);
  for (const [i, token] of tokens.entries()) {
    if ('literal' in token) {
      if (!s.take(token.literal)) {
        throw new TimeParseError(`cannot parse "${s.text.slice(s.i)}" as "${token.literal}"`);
      }
    } else if ('chunk' in token) {
      chunkValue(s, token.chunk, f);
      // Go reads a fraction after the seconds even when the layout does not show one.
      const next = tokens[i + 1];
      const fractionNext = next !== undefined && 'fraction' in next;
      if ((token.chunk === '05' || token.chunk === '5') && !fractionNext) f.nanos = fraction(s);
    } else {
      f.nanos = fraction(s);
    }
  }
  if (s.i !== s.text.length) throw new TimeParseError(`extra text: "${s.text.slice(s.i)}"`);
}

/** Nanoseconds since the epoch for `text` read with a Go layout. */
export function parseLayout(layout: string, text: string): bigint {
  const f = newFields();
  readTokens(new Scanner(text), layout, f);
  check(f);
  const date = new Date(0);
  date.setUTCFullYear(f.year, f.month - 1, f.day);
  date.setUTCHours(f.hour, f.minute, f.second, 0);
  const seconds = BigInt(date.getTime() / 1000 - f.offsetSeconds);
  return seconds * 1_000_000_000n + BigInt(f.nanos);
}
