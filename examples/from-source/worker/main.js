// Reads the queue ecs-arch named in ECS_ARCH_QUEUE_URL; see workers/ for a complete consumer.
console.log(`${process.env.GREETING ?? 'hello'} from ${process.env.ECS_ARCH_QUEUE_URL}`);
