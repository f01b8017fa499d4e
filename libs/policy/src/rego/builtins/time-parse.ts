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

function chunkValue(s: Scanner, chunk: Chunk, f: Fields): void {
  switch (chunk) {
    case 'January':
      f.month = s.name(MONTHS, undefined, 'month') + 1;
      break;
    case 'Jan':
      f.month = s.name(MONTHS, 3, 'month') + 1;
      break;
    case 'Monday':
      s.name(WEEKDAYS, undefined, 'weekday');
      break;
    case 'Mon':
      s.name(WEEKDAYS, 3, 'weekday');
      break;
    case 'MST': {
      const match = /^(?:[A-Z]{3,5}|[+-]\d{2,4})/.exec(s.text.slice(s.i));
      if (!match) throw new TimeParseError('cannot parse zone name');
      s.i += match[0].length;
      break;
    }
    case '01':
      f.month = s.digits(2, 2, 'month');
      break;
    case '1':
      f.month = s.digits(1, 2, 'month');
      break;
    case '02':
      f.day = s.digits(2, 2, 'day');
      break;
    case '_2':
      s.take(' ');
      f.day = s.digits(1, 2, 'day');
      break;
    case '2':
      f.day = s.digits(1, 2, 'day');
      break;
    case '002':
    case '__2':
      s.digits(1, 3, 'day of year');
      break;
    case '15':
      f.hour = s.digits(1, 2, 'hour');
      break;
    case '03':
      f.hour = s.digits(2, 2, 'hour');
      break;
    case '3':
      f.hour = s.digits(1, 2, 'hour');
      break;
    case '04':
      f.minute = s.digits(2, 2, 'minute');
      break;
    case '4':
      f.minute = s.digits(1, 2, 'minute');
      break;
    case '05':
    case '5':
      f.second = s.digits(chunk === '05' ? 2 : 1, 2, 'second');
      break;
    case '2006':
      f.year = s.digits(4, 4, 'year');
      break;
    case '06': {
      const y = s.digits(2, 2, 'year');
      f.year = y >= 69 ? 1900 + y : 2000 + y;
      break;
    }
    case 'PM':
    case 'pm': {
      const marker = s.text.slice(s.i, s.i + 2).toUpperCase();
      if (marker !== 'AM' && marker !== 'PM') throw new TimeParseError('cannot parse AM/PM');
      f.pm = marker === 'PM';
      s.i += 2;
      break;
    }
    default:
      f.offsetSeconds = offset(s, chunk);
  }
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

/** Nanoseconds since the epoch for `text` read with a Go layout. */
export function parseLayout(layout: string, text: string): bigint {
  const f: Fields = {
    year: 0,
    month: 1,
    day: 1,
    hour: 0,
    minute: 0,
    second: 0,
    nanos: 0,
    pm: undefined,
    offsetSeconds: 0,
  };
  const s = new Scanner(text);
  const tokens = tokenize(layout);
  for (const [i, token] of tokens.entries()) {
    if ('literal' in token) {
      if (!s.take(token.literal))
        throw new TimeParseError(`cannot parse "${text.slice(s.i)}" as "${token.literal}"`);
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
  if (s.i !== text.length) throw new TimeParseError(`extra text: "${text.slice(s.i)}"`);
  check(f);
  const date = new Date(0);
  date.setUTCFullYear(f.year, f.month - 1, f.day);
  date.setUTCHours(f.hour, f.minute, f.second, 0);
  const seconds = BigInt(date.getTime() / 1000 - f.offsetSeconds);
  return seconds * 1_000_000_000n + BigInt(f.nanos);
}
