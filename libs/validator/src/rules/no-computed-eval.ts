import type { Node } from '../ast.js';
import type { Rule } from '../rule.js';
import { ScopedNames } from './support/scoped-names.js';
import { isStringLike } from './support/string-like.js';
import { timerNames } from './no-string-timer.js';
import {
  foldConstant,
  foldString,
  globalName,
  memberPath,
  propertyName,
  type FoldValue,
} from './support/fold.js';
import { decoderOf } from './support/decoders.js';
import { argumentsOf, calleeOf, globalObjectNames, staticString, unwrap } from './support/nodes.js';
import { foundReporter } from './support/report.js';

/** Names whose property, reached through a disguised key, gives a way to run code. */
const dangerousKeys = new Set(['eval', 'Function', 'constructor', 'require', 'process', 'import']);

const why =
  'a key assembled at run time hides the code it reaches from review. Call ' +
  'what you need directly, without building its name.';

/**
 * Flags property keys built to hide what they reach: `globalThis['ev' + 'al']`,
 * `` window[`ev${'al'}`] ``, `this[String.fromCharCode(101, 118, 97, 108)]`,
 * `x['lave'.split('').reverse().join('')]`, `globalThis[atob('ZXZhbA==')]`, a `const`
 * holding such a key, and `Reflect.get(globalThis, 'eval')`. Plain keys (`obj['name']`) and
 * unknown ones (`map[key]`) are left alone; plain `window['eval']` is no-eval's.
 */
export const noComputedEval: Rule = {
  meta: {
    id: 'no-computed-eval',
    severity: 'error',
    category: 'dynamic-code',
    description:
      'A property key built at run time to reach eval, Function, constructor or require.',
  },
  create(context) {
    const constants = new ScopedNames<FoldValue>();
    const lookup = (name: string) => constants.get(name);
    const report = foundReporter(context, why);

    return {
      ...constants.constantVisitors((init) => foldConstant(init, { lookup })),
      MemberExpression(node) {
        const key = node.property as Node;
        if (node.computed !== true || key.type === 'Literal' || staticString(key) !== undefined) {
          return;
        }
        const name = foldString(key, { lookup });
        if (name !== undefined && isDangerous(name, node)) {
          report(node, `a computed key that spells '${name}'`);
        } else if (name === undefined && isOnGlobalObject(node) && isKeyBuilder(key)) {
          report(node, 'a global property whose name is decoded at run time');
        }
      },
      CallExpression(node) {
        if (memberPath(node.callee as Node) !== 'Reflect.get') return;
        const key = argumentsOf(node)[1];
        const name = key ? foldString(key, { lookup }) : undefined;
        if (name !== undefined && isDangerous(name, node)) report(node, `Reflect.get of '${name}'`);
      },
    };
  },
};

/** Whether a folded key reaches dynamic code; a timer only when it is called with a string. */
function isDangerous(name: string, access: Node): boolean {
  if (dangerousKeys.has(name)) return true;
  if (!timerNames.has(name)) return false;
  const call = access.parent;
  const [first] =
    call?.type === 'CallExpression' && call.callee === access ? argumentsOf(call) : [];
  return first !== undefined && isStringLike(first);
}

function isOnGlobalObject(member: Node): boolean {
  const owner = globalName(member.object as Node);
  return owner !== undefined && globalObjectNames.has(owner);
}

/** A decoder, or an array joined or reversed: how a key is assembled to hide its name. */
function isKeyBuilder(key: Node): boolean {
  const target = unwrap(key);
  if (target.type !== 'CallExpression') return false;
  if (decoderOf(target) !== undefined) return true;
  const callee = calleeOf(target);
  const method = callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
  return method === 'join' || method === 'reverse';
}
