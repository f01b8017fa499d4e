/**
 * Every builtin family, registered on import. The evaluator imports this module and looks
 * builtins up by name.
 */
import './operators.js';
import './aggregates.js';
import './strings.js';
import './sprintf.js';
import './regex.js';
import './glob.js';
import './net-cidr.js';
import './net-cidr-sets.js';
import './json.js';
import './json-patch.js';
import './yaml.js';
import './objects.js';
import './arrays.js';
import './sets.js';
import './types.js';
import './numbers.js';
import './units.js';
import './encoding.js';
import './time.js';
import './semver.js';
import './crypto.js';
import './bits.js';
import './graph.js';
import './jwt.js';
import './jwt-verify.js';
import './runtime.js';
import './unavailable.js';

export { builtinNames, getBuiltin } from './registry.js';
export type { Builtin, BuiltinContext, BuiltinImpl } from './registry.js';
