/**
 * Checks of the SQL text made in the host before a query reaches the SQL process. They
 * come before SQLite's own read-only check, which stays the one that decides.
 */

/** What every refusal says is allowed. */
export const allowedSql =
  'only one read-only SELECT statement is allowed (it may start with WITH or VALUES), ' +
  'with values passed as parameters';

const allowedKeywords = new Set(['SELECT', 'WITH', 'VALUES']);

// Table-valued pragma functions (pragma_database_list and the like) report host file paths.
const pragmaFunction = /pragma_/i;

/** The first keyword of `sql`, after blanks and comments, upper-cased; '' if there is none. */
export function leadingKeyword(sql: string): string {
  let rest = sql;
  for (;;) {
    const trimmed = rest.replace(/^\s+/, '');
    if (trimmed.startsWith('--')) {
      const end = trimmed.indexOf('\n');
      rest = end === -1 ? '' : trimmed.slice(end + 1);
    } else if (trimmed.startsWith('/*')) {
      const end = trimmed.indexOf('*/');
      rest = end === -1 ? '' : trimmed.slice(end + 2);
    } else {
      return (/^[A-Za-z]+/.exec(trimmed)?.[0] ?? '').toUpperCase();
    }
  }
}

/**
 * Why `sql` is refused, or undefined when it may go on to SQLite's own check.
 *
 * NOTE: `pragma_` is looked for in the whole text, so a string literal that contains it
 * (`WHERE note = 'pragma_x'`) is refused too; pass such a value as a parameter instead.
 */
export function refuseSqlText(sql: string): string | undefined {
  const keyword = leadingKeyword(sql);
  if (keyword === '') return `the query has no statement; ${allowedSql}`;
  if (!allowedKeywords.has(keyword)) return `${keyword} is refused; ${allowedSql}`;
  if (pragmaFunction.test(sql)) return `pragma functions are refused; ${allowedSql}`;
  return undefined;
}
