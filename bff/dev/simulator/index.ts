export {
  startSimulator,
  type Simulator,
  type SimulatorOptions,
  type SimulatorStats,
  type SimulatorLogger,
} from './simulator.js';
