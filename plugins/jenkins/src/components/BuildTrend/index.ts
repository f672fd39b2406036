export { BuildTrend, BuildTrendChart, trendSummary } from './BuildTrend';
