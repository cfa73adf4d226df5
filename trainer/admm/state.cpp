#include "trainer/admm/state.hpp"

#include <cstdio>
#include <sstream>
#include <string>

#include "core/errors.hpp"
#include "trainer/admm/input.hpp"
#include "trainer/checkpoint.hpp"
#include "trainer/linalg.hpp"

namespace spikeforge::trainer::admm {
namespace {

constexpr std::uint64_t kInitStream = 0xad33'1a17'0000'0001ULL;  // separates init from other seeded streams

constexpr std::uint64_t kGolden = 0x9e37'79b9'7f4a'7c15ULL;

/// The splitmix64 finalizer (a bijective 64-bit mixer).
std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58'476d'1ce4'e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d0'49bb'1331'11ebULL;
  return z ^ (z >> 31);
}

/// Next uniform float in [0, 1) of the splitmix64 stream `state` (24 random bits: exact in float).
float unit_float(std::uint64_t& state) {
  state += kGolden;
  return static_cast<float>(mix64(state) >> 40) * 0x1.0p-24F;
}

}  // namespace

Problem make_problem(const Settings& s, const core::SpikeBatch& x, const Reducer& reducer, SampleShard shard) {
  Problem p;
  p.x = &x;
  p.reducer = &reducer;
  if (shard.total == 0) shard = SampleShard{0, x.size(), x.size()};
  if (shard.count != x.size())
    throw core::ConfigError("admm: shard of " + std::to_string(shard.count) + " samples but the batch holds " +
                            std::to_string(x.size()));
  p.shard = shard;
  p.delta = static_cast<float>(s.leak);
  p.theta = static_cast<float>(s.threshold);
  p.y = Matrix::Zero(x.classes(), static_cast<Eigen::Index>(x.size()));
  for (std::size_t i = 0; i < x.size(); ++i) p.y(x.label(i), static_cast<Eigen::Index>(i)) = 1.0F;
  Eigen::MatrixXd gram0 = input_gram(x);
  reducer.sum_matrix(gram0);  // integer counts in double: exact for any K
  p.gram0_inverse = spd_inverse(gram0, s.gamma);
  return p;
}

State init_state(const Settings& s, const Problem& p) {
  State st;
  st.rng.seed(s.seed);
  st.rho = s.rho;
  st.beta = s.beta;
  const std::size_t H = s.hidden.size();
  const Eigen::Index n = p.samples();
  const int T = p.steps();
  std::vector<int> sizes = s.hidden;
  sizes.push_back(p.x->classes());
  int prev = p.x->inputs();
  auto shape = [&](Matrix& m, Eigen::Index rows) { m.resize(rows, n); };
  st.w.resize(H + 1);
  st.z.resize(H + 1);
  st.u.resize(H + 1);
  st.a.resize(H);
  st.u_dirty.assign(H + 1, true);
  for (std::size_t l = 0; l <= H; ++l) {
    st.w[l] = Matrix::Zero(sizes[l], prev);
    st.z[l].resize(static_cast<std::size_t>(T));
    for (auto& m : st.z[l]) shape(m, sizes[l]);
    if (l < H) {
      st.a[l].resize(static_cast<std::size_t>(T));
      for (auto& m : st.a[l]) shape(m, sizes[l]);
    }
    prev = sizes[l];
  }
  // z, a ~ U[0,1): per sample, one splitmix64 stream keyed by (seed, global sample index).
  for (Eigen::Index c = 0; c < n; ++c) {
    std::uint64_t key = mix64(mix64(s.seed ^ kInitStream) + kGolden * (p.shard.first + static_cast<std::uint64_t>(c) + 1));
    for (std::size_t l = 0; l <= H; ++l) {
      for (auto& m : st.z[l])
        for (Eigen::Index r = 0; r < m.rows(); ++r) m(r, c) = unit_float(key);
      if (l < H)
        for (auto& m : st.a[l])
          for (Eigen::Index r = 0; r < m.rows(); ++r) m(r, c) = unit_float(key);
    }
  }
  st.lambda = Matrix::Zero(sizes[H], n);
  refresh_input_currents(p, st);
  return st;
}

void compute_input_current(const Problem& p, State& st, std::size_t l) {
  const auto T = static_cast<std::size_t>(p.steps());
  st.u[l].resize(T);
  for (std::size_t t = 0; t < T; ++t) {
    if (l == 0) input_product(*p.x, static_cast<int>(t), st.w[0], st.u[0][t]);
    else st.u[l][t].noalias() = st.w[l] * st.a[l - 1][t];
  }
  st.u_dirty[l] = false;
}

void refresh_input_currents(const Problem& p, State& st) {
  for (std::size_t l = 0; l < st.u.size(); ++l)
    if (st.u_dirty[l]) compute_input_current(p, st, l);
}

core::FloatNetwork network_of(const Settings& s, const std::vector<Matrix>& w) {
  core::FloatNetwork net;
  for (std::size_t l = 0; l < w.size(); ++l) {
    core::Layer layer;
    layer.weights = w[l];
    layer.bias = Eigen::VectorXf::Zero(w[l].rows());
    layer.neuron.leak = static_cast<float>(s.leak);
    layer.neuron.v_thresh = static_cast<float>(s.threshold);
    layer.neuron.reset = core::ResetMode::subtract;
    layer.neuron.spiking = l + 1 < w.size();
    net.layers.push_back(std::move(layer));
  }
  return net;
}

namespace {

std::string key(const char* what, std::size_t l, std::size_t t = static_cast<std::size_t>(-1)) {
  std::string k = std::string(what) + "/" + std::to_string(l);
  if (t != static_cast<std::size_t>(-1)) k += "/" + std::to_string(t);
  return k;
}

void expect_shape(const Checkpoint& cp, const std::string& name, const Matrix& m, Eigen::Index rows, Eigen::Index cols) {
  if (m.rows() != rows || m.cols() != cols)
    throw core::ConfigError("admm: checkpoint " + cp.source() + ": '" + name + "' is " + std::to_string(m.rows()) + "x" +
                            std::to_string(m.cols()) + " but these settings and data need " + std::to_string(rows) + "x" +
                            std::to_string(cols));
}

}  // namespace

void save_state(const State& st, Checkpoint& cp) {
  cp.put_int("admm/hidden_layers", static_cast<std::int64_t>(st.hidden_layers()));
  for (std::size_t l = 0; l < st.w.size(); ++l) {
    cp.put_matrix(key("w", l), st.w[l]);
    for (std::size_t t = 0; t < st.z[l].size(); ++t) cp.put_matrix(key("z", l, t), st.z[l][t]);
    if (l < st.a.size())
      for (std::size_t t = 0; t < st.a[l].size(); ++t) cp.put_matrix(key("a", l, t), st.a[l][t]);
  }
  cp.put_matrix("lambda", st.lambda);
  cp.put_double("rho", st.rho);
  cp.put_double("beta", st.beta);
  cp.put_int("iteration", st.iteration);
  cp.put_rng("rng", st.rng);
  st.best.save(cp);
  cp.put_history("history", st.history);
  cp.put_double("seconds", st.seconds);
}

State load_state(const Settings& s, const Problem& p, const Checkpoint& cp) {
  const std::size_t H = s.hidden.size();
  if (cp.get_int("admm/hidden_layers") != static_cast<std::int64_t>(H))
    throw core::ConfigError("admm: checkpoint " + cp.source() + " has " + std::to_string(cp.get_int("admm/hidden_layers")) +
                            " hidden layers but --hidden lists " + std::to_string(H));
  State st;
  const Eigen::Index n = p.samples();
  const auto T = static_cast<std::size_t>(p.steps());
  std::vector<int> sizes = s.hidden;
  sizes.push_back(p.x->classes());
  int prev = p.x->inputs();
  st.w.resize(H + 1);
  st.z.resize(H + 1);
  st.a.resize(H);
  st.u.resize(H + 1);
  st.u_dirty.assign(H + 1, true);
  for (std::size_t l = 0; l <= H; ++l) {
    st.w[l] = cp.matrix(key("w", l));
    expect_shape(cp, key("w", l), st.w[l], sizes[l], prev);
    st.z[l].resize(T);
    for (std::size_t t = 0; t < T; ++t) {
      st.z[l][t] = cp.matrix(key("z", l, t));
      expect_shape(cp, key("z", l, t), st.z[l][t], sizes[l], n);
    }
    if (l < H) {
      st.a[l].resize(T);
      for (std::size_t t = 0; t < T; ++t) {
        st.a[l][t] = cp.matrix(key("a", l, t));
        expect_shape(cp, key("a", l, t), st.a[l][t], sizes[l], n);
      }
    }
    prev = sizes[l];
  }
  st.lambda = cp.matrix("lambda");
  expect_shape(cp, "lambda", st.lambda, sizes[H], n);
  st.rho = cp.get_double("rho");
  st.beta = cp.get_double("beta");
  st.iteration = static_cast<int>(cp.get_int("iteration"));
  cp.get_rng("rng", st.rng);
  st.best.load(cp, s);
  st.history = cp.history("history");
  st.seconds = cp.get_double("seconds");
  refresh_input_currents(p, st);
  return st;
}

}  // namespace spikeforge::trainer::admm
