/**
 * Go's reference-time layouts ("2006-01-02T15:04:05Z07:00") for parsing and formatting.
 * A layout is split into the same chunks Go's time package recognises; text between
 * chunks must match literally.
 */
export type Chunk =
  | 'January'
  | 'Jan'
  | 'Monday'
  | 'Mon'
  | 'MST'
  | '01'
  | '1'
  | '02'
  | '2'
  | '_2'
  | '002'
  | '__2'
  | '15'
  | '03'
  | '3'
  | '04'
  | '4'
  | '05'
  | '5'
  | '2006'
  | '06'
  | 'PM'
  | 'pm'
  | 'Z070000'
  | 'Z07:00:00'
  | 'Z0700'
  | 'Z07:00'
  | 'Z07'
  | '-070000'
  | '-07:00:00'
  | '-0700'
  | '-07:00'
  | '-07';

interface Fraction {
  fraction: number;
  trim: boolean;
}

export type Token = { chunk: Chunk } | Fraction | { literal: string };

/** Longest chunks first, so `2006` wins over `2` and `Z07:00:00` over `Z07`. */
const CHUNKS: Chunk[] = [
  'January',
  'Monday',
  'Jan',
  'Mon',
  'MST',
  '2006',
  'Z07:00:00',
  '-07:00:00',
  'Z070000',
  '-070000',
  'Z07:00',
  '-07:00',
  'Z0700',
  '-0700',
  'Z07',
  '-07',
  '002',
  '__2',
  '_2',
  '01',
  '02',
  '03',
  '04',
  '05',
  '06',
  '15',
  'PM',
  'pm',
  '1',
  '2',
  '3',
  '4',
  '5',
];

function fractionAt(layout: string, i: number): Fraction | undefined {
  const match = /^[.,](0+|9+)(?!\d)/.exec(layout.slice(i));
  if (!match) return undefined;
  const digits = match[1] as string;
  return { fraction: digits.length, trim: digits.startsWith('9') };
}

export function tokenize(layout: string): Token[] {
  const tokens: Token[] = [];
  let literal = '';
  for (let i = 0; i < layout.length;) {
    const fraction = fractionAt(layout, i);
    const chunk = fraction ? undefined : CHUNKS.find((c) => layout.startsWith(c, i));
    const token: { chunk: Chunk } | Fraction | undefined =
      fraction ?? (chunk ? { chunk } : undefined);
    if (!token) {
      literal += layout[i];
      i += 1;
      continue;
    }
    if (literal) tokens.push({ literal });
    literal = '';
    tokens.push(token);
    i += 'chunk' in token ? token.chunk.length : token.fraction + 1;
  }
  if (literal) tokens.push({ literal });
  return tokens;
}

export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
export const WEEKDAYS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
];

/** Wall-clock fields of an instant in some zone, with its offset from UTC in seconds. */
export interface Civil {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nanos: number;
  weekday: number;
  yearDay: number;
  offsetSeconds: number;
  zoneName: string;
}

const pad = (n: number, width: number, fill = '0'): string => String(n).padStart(width, fill);

function formatOffset(seconds: number, chunk: Chunk): string {
  if (seconds === 0 && chunk.startsWith('Z')) return 'Z';
  const sign = seconds < 0 ? '-' : '+';
  const abs = Math.abs(seconds);
  const [h, m, s] = [Math.floor(abs / 3600), Math.floor(abs / 60) % 60, abs % 60];
  const colon = chunk.includes(':');
  const parts = [pad(h, 2)];
  if (!chunk.endsWith('07')) parts.push(pad(m, 2));
  if (chunk.endsWith('0000') || chunk.endsWith(':00:00')) parts.push(pad(s, 2));
  return sign + parts.join(colon ? ':' : '');
}

const hour12 = (t: Civil): number => (t.hour % 12 === 0 ? 12 : t.hour % 12);
const monthName = (t: Civil): string => MONTHS[t.month - 1] as string;
const dayName = (t: Civil): string => WEEKDAYS[t.weekday] as string;

/** What each layout chunk writes; zone offsets are handled by `formatOffset`. */
const WRITERS: Partial<Record<Chunk, (t: Civil) => string>> = {
  January: monthName,
  Jan: (t) => monthName(t).slice(0, 3),
  Monday: dayName,
  Mon: (t) => dayName(t).slice(0, 3),
  MST: (t) => t.zoneName,
  '01': (t) => pad(t.month, 2),
  '1': (t) => String(t.month),
  '02': (t) => pad(t.day, 2),
  '2': (t) => String(t.day),
  _2: (t) => pad(t.day, 2, ' '),
  '002': (t) => pad(t.yearDay, 3),
  __2: (t) => pad(t.yearDay, 3, ' '),
  '15': (t) => pad(t.hour, 2),
  '03': (t) => pad(hour12(t), 2),
  '3': (t) => String(hour12(t)),
  '04': (t) => pad(t.minute, 2),
  '4': (t) => String(t.minute),
  '05': (t) => pad(t.second, 2),
  '5': (t) => String(t.second),
  '2006': (t) => pad(t.year, 4),
  '06': (t) => pad(t.year % 100, 2),
  PM: (t) => (t.hour >= 12 ? 'PM' : 'AM'),
  pm: (t) => (t.hour >= 12 ? 'pm' : 'am'),
};

function formatChunk(chunk: Chunk, t: Civil): string {
  const write = WRITERS[chunk];
  return write ? write(t) : formatOffset(t.offsetSeconds, chunk);
}

export function formatLayout(layout: string, t: Civil): string {
  return tokenize(layout)
    .map((token) => {
      if ('literal' in token) return token.literal;
      if ('chunk' in token) return formatChunk(token.chunk, t);
      const digits = pad(t.nanos, 9).slice(0, token.fraction);
      const shown = token.trim ? digits.replace(/0+$/, '') : digits;
      return shown === '' ? '' : `.${shown}`;
    })
    .join('');
}
