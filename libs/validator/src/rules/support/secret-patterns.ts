import type { Node } from '../../ast.js';
import type { Visitors } from '../../rule.js';

/**
 * The one table of credential formats the secret rules match string literals against.
 * Each format is anchored on a vendor prefix or a fixed marker, so a match is a credential
 * with few false alarms; values with no such marker are left to no-high-entropy-secrets.
 * Messages name the kind of secret, never its value.
 */

export type SecretKind = 'cloud-key' | 'token' | 'private-key';

interface SecretFormat {
  kind: SecretKind;
  /** What a match is, for messages: "an AWS access key id". */
  label: string;
  /** Global, so every occurrence in a literal is tried. */
  pattern: RegExp;
  /** Whether a match is still a credential after known public examples are set aside. */
  isSecret?: (match: RegExpExecArray) => boolean;
}

/** Keys published in vendor documentation and emulators: public, so not a leak. */
const publicExamples = [
  // The development key of Azurite, Microsoft's storage emulator.
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
  // The signature of the sample token on jwt.io.
  'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
];

/** AWS documentation keys all contain EXAMPLE (`AKIAIOSFODNN7EXAMPLE`). */
function notExample(match: RegExpExecArray): boolean {
  return !match[0].includes('EXAMPLE') && !publicExamples.some((k) => match[0].includes(k));
}

/** Random key material mixes digits and both cases; names and prose do not. */
export function looksRandom(text: string): boolean {
  return /[0-9]/.test(text) && /[a-z]/.test(text) && /[A-Z]/.test(text);
}

function hasDigitAndLetter(text: string): boolean {
  return /[0-9]/.test(text) && /[A-Za-z]/.test(text);
}

const formats: SecretFormat[] = [
  {
    kind: 'cloud-key',
    label: 'an AWS access key id',
    pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/g,
    isSecret: notExample,
  },
  {
    kind: 'cloud-key',
    label: 'an AWS secret access key',
    pattern: /aws.{0,20}?secret.{0,20}?[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
    isSecret: (m) => notExample(m) && looksRandom(m[1] ?? ''),
  },
  {
    kind: 'cloud-key',
    label: 'a Google API key',
    pattern: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g,
  },
  {
    kind: 'cloud-key',
    label: 'an Azure storage or service bus key',
    pattern: /\b(?:AccountKey|SharedAccessKey)=[A-Za-z0-9+/]{20,}={0,2}/g,
    isSecret: notExample,
  },
  {
    kind: 'cloud-key',
    label: 'a Stripe live key',
    pattern: /(?<![A-Za-z0-9])(?:sk|rk)_live_[0-9A-Za-z]{24,}/g,
  },
  {
    kind: 'token',
    label: 'a GitHub token',
    pattern:
      /(?<![A-Za-z0-9_])(?:(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})/g,
  },
  {
    kind: 'token',
    label: 'a Slack token',
    pattern: /(?<![A-Za-z0-9])xox[baprs]-(?:[0-9]{1,2}-)?[0-9]{6,}-[0-9A-Za-z-]{8,}/g,
  },
  {
    kind: 'token',
    label: 'an OpenAI or Anthropic API key',
    pattern: /(?<![A-Za-z0-9_-])sk-(?:proj-|ant-|svcacct-|admin-)?[A-Za-z0-9_-]{32,}/g,
    isSecret: (m) => looksRandom(m[0].slice(3)),
  },
  {
    kind: 'token',
    label: 'an npm token',
    pattern: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/g,
  },
  {
    kind: 'token',
    label: 'a JSON Web Token',
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g,
    isSecret: notExample,
  },
  {
    kind: 'token',
    label: 'a bearer token',
    pattern: /\b[Bb]earer\s+([A-Za-z0-9._~+/-]{20,}=*)/g,
    isSecret: (m) => notExample(m) && hasDigitAndLetter(m[1] ?? ''),
  },
  {
    kind: 'private-key',
    label: 'a private key',
    pattern: /-----BEGIN (?:(?:RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY(?: BLOCK)?-----/g,
  },
];

/** Shorter than any format above can match: such strings are skipped outright. */
const shortestSecretLength = 20;

/** The distinct labels of the credentials of one kind found in a text, in table order. */
/**
 * A fragment every format above contains (case folded), tested first: nearly all strings
 * in real code have none, and one scan is cheaper than a scan per format. Keep it in step
 * with the table when a format is added.
 */
const anyFormatAnchor =
  /akia|asia|aws|aiza|accountkey=|accesskey=|_live_|gh[pousr]_|github_pat_|xox[baprs]-|sk-|npm_|eyj|bearer|-----begin/i;

export function findSecrets(text: string, kind: SecretKind): string[] {
  if (text.length < shortestSecretLength || !anyFormatAnchor.test(text)) return [];
  const labels: string[] = [];
  for (const format of formats) {
    if (format.kind !== kind) continue;
    for (const match of text.matchAll(format.pattern)) {
      if (format.isSecret && !format.isSecret(match)) continue;
      labels.push(format.label);
      break;
    }
  }
  return labels;
}

/**
 * Visitors that hand a rule the text of every string literal and every template literal
 * part (cooked, or raw where a tag made cooking fail). Regular expression literals are
 * patterns, not data, and are not scanned.
 */
export function stringTextVisitors(onText: (node: Node, text: string) => void): Visitors {
  return {
    Literal(node) {
      if (typeof node.value === 'string') onText(node, node.value);
    },
    TemplateElement(node) {
      const value = node.value as { cooked?: string | null; raw: string };
      onText(node, value.cooked ?? value.raw);
    },
  };
}

/** "a and b", "a, b and c": labels as one phrase for a message. */
export function joinLabels(labels: string[]): string {
  if (labels.length <= 1) return labels[0] ?? '';
  return `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}
