// The light build of Bottleneck (no Redis clustering), the one @octokit/plugin-throttling imports: the same API.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}
