// Each test class starts a whole system (redis-server, presence, three gateways); on a 2-core machine
// two of them at once only make each slower. Run the classes one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
