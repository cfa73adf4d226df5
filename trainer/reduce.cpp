#include "trainer/reduce.hpp"

namespace spikeforge::trainer {

const Reducer& local_reducer() {
  static const Reducer local;
  return local;
}

}  // namespace spikeforge::trainer
