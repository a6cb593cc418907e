/** The options both `kivi snapshot` and `kivi --live` take (a file of its own so that the main
 * program does not load the Kubernetes client to describe them). */
import { Option } from 'commander';

export function liveOptions(): Option[] {
  return [
    new Option('--kubeconfig <file>', 'with --live or snapshot: the kubeconfig to read (default: $KUBECONFIG or ~/.kube/config, as kubectl)'),
    new Option('--context <name>', 'with --live or snapshot: the kubeconfig context to use (default: its current context)'),
  ];
}
