/** The training job page, pure half: metric extraction, series, timeline, the page model, messages, downsampling. */
export { MetricExtractor, metricDefinitionsOf, type MetricValue } from '../logs/metrics';
export { MetricSeriesStore, applySeriesUpdate, type SeriesData, type SeriesUpdate } from './series';
export { downsampleMinMax, type Downsampled } from './downsample';
export { MIN_OVERVIEW_BUCKETS, OVERVIEW_BUCKETS, overviewBucketsFor, overviewOf, pointsOf, rangeOverview, resolutionChanges, SeriesOverview, type OverviewUpdate, type SeriesPoints } from './overview';
export { applyOverviewUpdate, type MirroredOverview } from './overviewMirror';
export { timelineOf, toMillis, type TimelineEntry, type TransitionLike } from './timeline';
export {
  billingOf, modelFromCloudJob, modelFromLocalJob, type ChannelView, type CloudJobLike, type FinalMetricView,
  type JobPageView, type LocalJobLike,
} from './model';
export {
  COPY_FIELDS, validateJobPageMessage, validateJobPageState, type CopyField, type JobPageHostMessage, type JobPageState,
  type JobPageValidation, type JobPageWebviewMessage,
} from './messages';
export { jobPageHtml, type JobPageHtmlOptions } from './html';
