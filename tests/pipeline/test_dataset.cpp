// Tests of pipeline/dataset.cpp: request defaults from the network, and each rank's block.
#include <catch2/catch.hpp>

#include <string>

#include "core/dataset.hpp"
#include "core/errors.hpp"
#include "pipeline/dataset.hpp"

using spikeforge::core::ConfigError;
using spikeforge::core::EncodingInfo;
using spikeforge::pipeline::Context;
using spikeforge::pipeline::DataRequest;
using spikeforge::pipeline::resolve_spec;
using spikeforge::pipeline::shard_spec;

namespace {

/// Rank `r` of `k` processes (shard_spec asks only for rank and size).
class FakeRanks : public spikeforge::trainer::Reducer {
 public:
  FakeRanks(int r, int k) : r_(r), k_(k) {}
  [[nodiscard]] int rank() const override { return r_; }
  [[nodiscard]] int size() const override { return k_; }

 private:
  int r_, k_;
};

EncodingInfo trained_on() {
  EncodingInfo e;
  e.dataset = "synthetic";
  e.encoding = "latency";
  e.steps = 12;
  e.seed = 7;
  return e;
}

}  // namespace

TEST_CASE("unset request fields take the network's encoding info, set ones win") {
  DataRequest r;
  auto s = resolve_spec(r, trained_on(), "eval", "net.json");
  CHECK(s.name == "synthetic");
  CHECK(s.encoding == "latency");
  CHECK(s.steps == 12);
  CHECK(s.seed == 7);
  CHECK(s.split == "test");
  r.encoding = "rate";
  r.steps = 30;
  r.seed = 2;
  r.samples = 5;
  r.offset = 3;
  s = resolve_spec(r, trained_on(), "eval", "net.json");
  CHECK(s.encoding == "rate");
  CHECK(s.steps == 30);
  CHECK(s.seed == 2);
  CHECK(s.max_samples == 5);
  CHECK(s.offset == 3);
}

TEST_CASE("no dataset requested and none in the network is refused naming command and file") {
  EncodingInfo none = trained_on();
  none.dataset.clear();
  try {
    (void)resolve_spec(DataRequest{}, none, "verify", "some/net.q.json");
    FAIL("no error");
  } catch (const ConfigError& e) {
    const std::string m = e.what();
    CHECK(m.find("verify") != std::string::npos);
    CHECK(m.find("some/net.q.json") != std::string::npos);
  }
}

TEST_CASE("ranks take contiguous blocks that cover the requested samples once") {
  DataRequest r;
  r.samples = 10;
  r.offset = 4;
  const auto spec = resolve_spec(r, trained_on(), "eval", "net.json");
  Context one;
  CHECK(shard_spec(spec, one, "eval").spec.offset == 4);  // one process: unchanged
  std::size_t next = 4;
  for (int k = 0; k < 3; ++k) {
    FakeRanks ranks(k, 3);
    Context ctx;
    ctx.reducer = &ranks;
    const auto sh = shard_spec(spec, ctx, "eval");
    CHECK(sh.total == 10);
    CHECK(sh.spec.offset == next);
    CHECK(sh.first_global == next);
    CHECK(sh.spec.max_samples >= 3);
    next += sh.spec.max_samples;
  }
  CHECK(next == 14);
}

TEST_CASE("an offset past the split is refused under several ranks") {
  DataRequest r;
  r.offset = 100000000;
  const auto spec = resolve_spec(r, trained_on(), "eval", "net.json");
  FakeRanks ranks(0, 2);
  Context ctx;
  ctx.reducer = &ranks;
  CHECK_THROWS_AS(shard_spec(spec, ctx, "eval"), ConfigError);
}
