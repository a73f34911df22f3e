import {
  type SageMakerClient,
  CreateTrainingJobCommand, type CreateTrainingJobCommandInput, type CreateTrainingJobCommandOutput,
  DescribeTrainingJobCommand, type DescribeTrainingJobCommandInput, type DescribeTrainingJobCommandOutput,
  ListTrainingJobsCommand, type ListTrainingJobsCommandInput, type ListTrainingJobsCommandOutput,
  StopTrainingJobCommand, type StopTrainingJobCommandInput, type StopTrainingJobCommandOutput,
  ListTagsCommand, type ListTagsCommandInput, type ListTagsCommandOutput,
  CreateModelCommand, type CreateModelCommandInput, type CreateModelCommandOutput,
  CreateEndpointConfigCommand, type CreateEndpointConfigCommandInput, type CreateEndpointConfigCommandOutput,
  CreateEndpointCommand, type CreateEndpointCommandInput, type CreateEndpointCommandOutput,
  UpdateEndpointCommand, type UpdateEndpointCommandInput, type UpdateEndpointCommandOutput,
  DescribeEndpointCommand, type DescribeEndpointCommandInput, type DescribeEndpointCommandOutput,
  DescribeEndpointConfigCommand, type DescribeEndpointConfigCommandInput, type DescribeEndpointConfigCommandOutput,
  ListEndpointsCommand, type ListEndpointsCommandInput, type ListEndpointsCommandOutput,
  DeleteEndpointCommand, type DeleteEndpointCommandInput, type DeleteEndpointCommandOutput,
  DeleteEndpointConfigCommand, type DeleteEndpointConfigCommandInput, type DeleteEndpointConfigCommandOutput,
  DeleteModelCommand, type DeleteModelCommandInput, type DeleteModelCommandOutput,
  DescribeModelCommand, type DescribeModelCommandInput, type DescribeModelCommandOutput,
} from '@aws-sdk/client-sagemaker';
import type { CallOptions } from './callOptions';

/** The SageMakerClient operations this extension calls, one method each, named after the operation. */
export class SageMakerApi {
  constructor(readonly client: SageMakerClient) {}

  createTrainingJob(input: CreateTrainingJobCommandInput, options?: CallOptions): Promise<CreateTrainingJobCommandOutput> {
    return this.client.send(new CreateTrainingJobCommand(input), options);
  }

  describeTrainingJob(input: DescribeTrainingJobCommandInput, options?: CallOptions): Promise<DescribeTrainingJobCommandOutput> {
    return this.client.send(new DescribeTrainingJobCommand(input), options);
  }

  listTrainingJobs(input: ListTrainingJobsCommandInput, options?: CallOptions): Promise<ListTrainingJobsCommandOutput> {
    return this.client.send(new ListTrainingJobsCommand(input), options);
  }

  stopTrainingJob(input: StopTrainingJobCommandInput, options?: CallOptions): Promise<StopTrainingJobCommandOutput> {
    return this.client.send(new StopTrainingJobCommand(input), options);
  }

  listTags(input: ListTagsCommandInput, options?: CallOptions): Promise<ListTagsCommandOutput> {
    return this.client.send(new ListTagsCommand(input), options);
  }

  createModel(input: CreateModelCommandInput, options?: CallOptions): Promise<CreateModelCommandOutput> {
    return this.client.send(new CreateModelCommand(input), options);
  }

  createEndpointConfig(input: CreateEndpointConfigCommandInput, options?: CallOptions): Promise<CreateEndpointConfigCommandOutput> {
    return this.client.send(new CreateEndpointConfigCommand(input), options);
  }

  createEndpoint(input: CreateEndpointCommandInput, options?: CallOptions): Promise<CreateEndpointCommandOutput> {
    return this.client.send(new CreateEndpointCommand(input), options);
  }

  updateEndpoint(input: UpdateEndpointCommandInput, options?: CallOptions): Promise<UpdateEndpointCommandOutput> {
    return this.client.send(new UpdateEndpointCommand(input), options);
  }

  describeEndpoint(input: DescribeEndpointCommandInput, options?: CallOptions): Promise<DescribeEndpointCommandOutput> {
    return this.client.send(new DescribeEndpointCommand(input), options);
  }

  describeEndpointConfig(input: DescribeEndpointConfigCommandInput, options?: CallOptions): Promise<DescribeEndpointConfigCommandOutput> {
    return this.client.send(new DescribeEndpointConfigCommand(input), options);
  }

  listEndpoints(input: ListEndpointsCommandInput, options?: CallOptions): Promise<ListEndpointsCommandOutput> {
    return this.client.send(new ListEndpointsCommand(input), options);
  }

  deleteEndpoint(input: DeleteEndpointCommandInput, options?: CallOptions): Promise<DeleteEndpointCommandOutput> {
    return this.client.send(new DeleteEndpointCommand(input), options);
  }

  deleteEndpointConfig(input: DeleteEndpointConfigCommandInput, options?: CallOptions): Promise<DeleteEndpointConfigCommandOutput> {
    return this.client.send(new DeleteEndpointConfigCommand(input), options);
  }

  deleteModel(input: DeleteModelCommandInput, options?: CallOptions): Promise<DeleteModelCommandOutput> {
    return this.client.send(new DeleteModelCommand(input), options);
  }

  describeModel(input: DescribeModelCommandInput, options?: CallOptions): Promise<DescribeModelCommandOutput> {
    return this.client.send(new DescribeModelCommand(input), options);
  }
}
