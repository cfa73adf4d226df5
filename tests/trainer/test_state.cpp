// ADMM state: init, checkpoint round trip, shape checks on load.
#include <catch2/catch.hpp>

#include "core/errors.hpp"
#include "support/temp_dir.hpp"
#include "trainer/admm/admm.hpp"
#include "trainer/admm_fixtures.hpp"
#include "trainer/checkpoint.hpp"

using namespace spikeforge;

TEST_CASE("init follows the paper: W = 0, z and a uniform in 0..1, lambda = 0, seeded", "[admm][state]") {
  const auto x = test::random_batch(5, 3, 4, 2, 0.5, 61);
  auto s = test::small_settings({3});
  const auto p = trainer::admm::make_problem(s, x);
  const auto a = trainer::admm::init_state(s, p);
  const auto b = trainer::admm::init_state(s, p);
  CHECK(a.w[0].isZero());
  CHECK(a.lambda.isZero());
  CHECK(a.z[0][1].minCoeff() >= 0.0F);
  CHECK(a.a[0][2].maxCoeff() < 1.0F);
  CHECK(a.z[1][2] == b.z[1][2]);
  CHECK(trainer::admm::state_bytes(s, 5, 3, 4, 2) > 0);
}

TEST_CASE("state survives a checkpoint round trip and refuses other shapes", "[admm][state]") {
  const auto x = test::random_batch(5, 3, 4, 2, 0.5, 62);
  auto s = test::small_settings({3});
  const auto p = trainer::admm::make_problem(s, x);
  auto st = test::small_state(s, p, 14);
  st.iteration = 7;
  st.rho = 2.5;
  st.history.push_back({3, 0.125, {{"train_acc", 0.1 + 0.2}}});
  test::TempDir dir;
  trainer::Checkpoint cp;
  trainer::admm::save_state(st, cp);
  cp.write(dir / "s.ckpt");
  const auto back = trainer::admm::load_state(s, p, trainer::Checkpoint::read(dir / "s.ckpt"));
  CHECK(back.w[1] == st.w[1]);
  CHECK(back.z[0][2] == st.z[0][2]);
  CHECK(back.a[0][0] == st.a[0][0]);
  CHECK(back.lambda == st.lambda);
  CHECK(back.u[0][1] == st.u[0][1]);
  CHECK(back.iteration == 7);
  CHECK(back.rho == 2.5);
  CHECK(back.history.at(0).metrics.at("train_acc") == 0.1 + 0.2);  // hex floats: exact
  auto other = s;
  other.hidden = {4};
  CHECK_THROWS_AS(trainer::admm::load_state(other, p, trainer::Checkpoint::read(dir / "s.ckpt")), core::ConfigError);
}

TEST_CASE("init of a shard equals the same columns of the whole-data init (issue #8)", "[admm][state][shard]") {
  const auto x = test::random_batch(7, 3, 4, 2, 0.5, 63);
  auto s = test::small_settings({3, 2});
  const auto whole = trainer::admm::init_state(s, trainer::admm::make_problem(s, x));
  for (const auto& sh : {trainer::shard_of(7, 0, 2), trainer::shard_of(7, 1, 2)}) {
    const core::SpikeBatch part = x.slice(sh.first, sh.count);
    const auto p = trainer::admm::make_problem(s, part, trainer::local_reducer(), sh);
    const auto st = trainer::admm::init_state(s, p);
    const auto c0 = static_cast<Eigen::Index>(sh.first);
    const auto cn = static_cast<Eigen::Index>(sh.count);
    for (std::size_t l = 0; l < whole.z.size(); ++l)
      for (std::size_t t = 0; t < whole.z[l].size(); ++t) {
        CHECK(st.z[l][t] == whole.z[l][t].middleCols(c0, cn));
        if (l < whole.a.size()) CHECK(st.a[l][t] == whole.a[l][t].middleCols(c0, cn));
      }
  }
  CHECK_THROWS_AS(trainer::admm::make_problem(s, x.slice(0, 2), trainer::local_reducer(), trainer::shard_of(7, 0, 2)),
                  core::ConfigError);
}
