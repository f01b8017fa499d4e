export { ApiKeyRing, requireTenant, sha256Hex, type Caller } from './api-keys.js';
export {
  defaultConfigName,
  loadGatewayConfig,
  parseApiKeysVariable,
  type LoadConfigOptions,
  type LoadedConfig,
} from './config/load.js';
export {
  gatewayConfigSchema,
  minApiKeyChars,
  type ApiKeyConfig,
  type GatewayConfig,
} from './config/schema.js';
export { startGateway, type Gateway, type GatewayOptions } from './gateway.js';
export { startRuntime, type Runtime, type RuntimeOptions } from './runtime.js';
