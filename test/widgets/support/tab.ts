/**
 * Loaded in an iframe by runtime tests: a separate page with its own runtime copy (its own
 * globalThis), so BroadcastChannel and Web Locks treat it like another tab of the same site.
 */
import * as runtime from '../../../widgets/runtime/index.js';

export type TabRuntime = typeof runtime;

const bff = new URLSearchParams(location.search).get('bff');
if (bff) runtime.setBffBase(bff);
(window as Window & { govdockRuntime?: TabRuntime }).govdockRuntime = runtime;
