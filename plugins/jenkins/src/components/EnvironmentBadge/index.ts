export { EnvironmentBadge, isProductionEnvironment } from './EnvironmentBadge';
