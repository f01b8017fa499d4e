export { labelKeys } from './labels.js';
