// Float simulator (core/float_sim.hpp).
//
// Every layer's input is binary (input spikes or the previous layer's spikes), so the input
// current is computed event-driven: for each sample, the weight columns of the active inputs are
// added in ascending input order, starting from zero, then the bias is added. The reference twin
// sums in exactly that order, so both produce the same floats (up to the compiler's FMA
// contraction choices). Samples are independent: they are split into blocks of at most
// `chunk` columns, blocks run in parallel (OpenMP), and per-block spike counts are summed in
// block order (integer-valued doubles: exact), so results do not depend on the thread count or
// the block size. A dense GEMM of W by the 0/1 step matrix was measured for the input layer
// (bench/bench_float_sim.cpp, docs/bench/float_sim.md): as fast within ~5 % with -march=native,
// 3x slower in the portable build, and its summation order depends on Eigen's blocking (so on
// the chunk size); event-driven sums were kept.
#include "core/float_sim.hpp"

#include <algorithm>
#include <string>

#include <omp.h>

#include "core/errors.hpp"

namespace spikeforge::core {

namespace {

using Matrix = Eigen::MatrixXf;

void check_inputs(const FloatNetwork& net, const SpikeBatch& batch) {
  net.validate();
  if (batch.inputs() != net.inputs()) {
    throw ConfigError("float_sim: the data has " + std::to_string(batch.inputs()) + " inputs but the network expects " +
                      std::to_string(net.inputs()));
  }
  batch.check_complete();
}

/// Per-block scratch state: one column per sample of the block.
struct BlockState {
  std::vector<Matrix> v;       ///< n_l × m membrane potentials.
  std::vector<Matrix> s;       ///< n_l × m spikes of the last step (0/1).
  std::vector<Matrix> cur;     ///< n_l × m input currents of this step (without bias).
  std::vector<Eigen::VectorXd> counts;  ///< Per layer, per neuron spike totals of the block.
  Matrix out_counts;           ///< n_L × m spike counts of the output layer (spiking output).
};

/// cur.col(c) = Σ_{j active, ascending} W.col(j) for one sample.
template <typename Range>
void accumulate_column(const Matrix& w, const Range& active, float* col) {
  const Eigen::Index n = w.rows();
  Eigen::Map<Eigen::VectorXf> acc(col, n);
  acc.setZero();
  for (const auto j : active) acc += w.col(static_cast<Eigen::Index>(j));
}

void simulate_block(const FloatNetwork& net, const SpikeBatch& batch, std::size_t first, std::size_t count,
                    const SimOptions& options, SimResult& result, BlockState& st) {
  const std::size_t L = net.layers.size();
  const auto m = static_cast<Eigen::Index>(count);
  st.v.resize(L);
  st.s.resize(L);
  st.cur.resize(L);
  st.counts.resize(L);
  for (std::size_t l = 0; l < L; ++l) {
    const Eigen::Index n = net.layers[l].outputs();
    st.v[l].setZero(n, m);
    st.s[l].setZero(n, m);
    st.cur[l].resize(n, m);
    st.counts[l].setZero(n);
  }
  st.out_counts.setZero(net.outputs(), m);

  std::vector<std::uint32_t> active;
  for (int t = 0; t < batch.steps(); ++t) {
    for (std::size_t l = 0; l < L; ++l) {
      const Layer& layer = net.layers[l];
      Matrix& cur = st.cur[l];
      for (Eigen::Index c = 0; c < m; ++c) {
        if (l == 0) {
          accumulate_column(layer.weights, batch.active(first + static_cast<std::size_t>(c), t), cur.col(c).data());
        } else {
          active.clear();
          const Matrix& prev = st.s[l - 1];
          for (Eigen::Index r = 0; r < prev.rows(); ++r) {
            if (prev(r, c) != 0.0F) active.push_back(static_cast<std::uint32_t>(r));
          }
          accumulate_column(layer.weights, active, cur.col(c).data());
        }
      }
      const float leak = layer.neuron.leak;
      const float theta = layer.neuron.v_thresh;
      auto v = st.v[l].array();
      auto s = st.s[l].array();
      auto i = (cur.array().colwise() + layer.bias.array());
      if (!layer.neuron.spiking) {
        v = leak * v + i;
      } else {
        if (layer.neuron.reset == ResetMode::subtract) {
          v = leak * v + i - theta * s;
        } else {
          v = (leak * (1.0F - s)) * v + i;
        }
        s = (v > theta).cast<float>();
        st.counts[l] += s.matrix().rowwise().sum().cast<double>();
        if (l + 1 == L) st.out_counts += s.matrix();
      }
      if (options.record_spikes) result.spikes[l][static_cast<std::size_t>(t)].middleCols(static_cast<Eigen::Index>(first), m) = st.s[l];
      if (options.record_potentials) {
        result.potentials[l][static_cast<std::size_t>(t)].middleCols(static_cast<Eigen::Index>(first), m) = st.v[l];
      }
    }
  }
  const bool spiking_out = net.layers.back().neuron.spiking;
  result.output.middleCols(static_cast<Eigen::Index>(first), m) = spiking_out ? st.out_counts : st.v.back();
}

int argmax_lowest(const float* x, Eigen::Index n) {
  Eigen::Index best = 0;
  for (Eigen::Index k = 1; k < n; ++k) {
    if (x[k] > x[best]) best = k;
  }
  return static_cast<int>(best);
}

}  // namespace

SimResult simulate(const FloatNetwork& net, const SpikeBatch& batch, const SimOptions& options) {
  if (options.chunk == 0) throw ConfigError("float_sim: chunk = 0 must be > 0");
  check_inputs(net, batch);
  const std::size_t N = batch.size();
  const std::size_t L = net.layers.size();
  const auto T = static_cast<std::size_t>(batch.steps());
  SimResult result;
  result.output.setZero(net.outputs(), static_cast<Eigen::Index>(N));
  result.spike_counts.resize(L);
  for (std::size_t l = 0; l < L; ++l) result.spike_counts[l].setZero(net.layers[l].outputs());
  if (options.record_spikes) {
    result.spikes.resize(L);
    for (std::size_t l = 0; l < L; ++l) result.spikes[l].assign(T, Matrix::Zero(net.layers[l].outputs(), static_cast<Eigen::Index>(N)));
  }
  if (options.record_potentials) {
    result.potentials.resize(L);
    for (std::size_t l = 0; l < L; ++l) {
      result.potentials[l].assign(T, Matrix::Zero(net.layers[l].outputs(), static_cast<Eigen::Index>(N)));
    }
  }
  result.predictions.assign(N, 0);
  if (N == 0) return result;

  // Blocks of at most `chunk` samples, small enough that every thread gets work.
  const auto threads = static_cast<std::size_t>(std::max(1, omp_get_max_threads()));
  const std::size_t block = std::max<std::size_t>(1, std::min(options.chunk, (N + threads - 1) / threads));
  const std::size_t blocks = (N + block - 1) / block;
  std::vector<std::vector<Eigen::VectorXd>> block_counts(blocks);

#pragma omp parallel
  {
    BlockState st;
#pragma omp for schedule(dynamic, 1)
    for (std::size_t b = 0; b < blocks; ++b) {
      const std::size_t first = b * block;
      const std::size_t count = std::min(block, N - first);
      simulate_block(net, batch, first, count, options, result, st);
      block_counts[b] = st.counts;
    }
  }
  for (const auto& bc : block_counts) {
    for (std::size_t l = 0; l < L; ++l) result.spike_counts[l] += bc[l];
  }
  for (std::size_t k = 0; k < N; ++k) {
    result.predictions[k] = argmax_lowest(result.output.col(static_cast<Eigen::Index>(k)).data(), result.output.rows());
  }
  return result;
}

Eigen::VectorXf simulate_reference(const FloatNetwork& net, const SpikeBatch& batch, std::size_t sample,
                                   std::vector<std::vector<std::vector<std::uint32_t>>>* spikes_out) {
  check_inputs(net, batch);
  if (sample >= batch.size()) {
    throw ConfigError("float_sim: sample " + std::to_string(sample) + " outside a batch of " + std::to_string(batch.size()));
  }
  const std::size_t L = net.layers.size();
  const int T = batch.steps();
  std::vector<std::vector<float>> v(L), s(L);
  for (std::size_t l = 0; l < L; ++l) {
    v[l].assign(static_cast<std::size_t>(net.layers[l].outputs()), 0.0F);
    s[l].assign(static_cast<std::size_t>(net.layers[l].outputs()), 0.0F);
  }
  std::vector<float> counts(static_cast<std::size_t>(net.outputs()), 0.0F);
  if (spikes_out != nullptr) {
    spikes_out->assign(L, std::vector<std::vector<std::uint32_t>>(static_cast<std::size_t>(T)));
  }
  std::vector<std::uint32_t> in_active;
  for (int t = 0; t < T; ++t) {
    const auto in = batch.active(sample, t);
    in_active.assign(in.begin(), in.end());
    for (std::size_t l = 0; l < L; ++l) {
      const Layer& layer = net.layers[l];
      const NeuronParams& p = layer.neuron;
      std::vector<std::uint32_t> out_active;
      for (int r = 0; r < layer.outputs(); ++r) {
        float acc = 0.0F;
        for (std::uint32_t j : in_active) acc += layer.weights(r, static_cast<Eigen::Index>(j));
        const float i = acc + layer.bias(r);
        float& vr = v[l][static_cast<std::size_t>(r)];
        float& sr = s[l][static_cast<std::size_t>(r)];
        if (!p.spiking) {
          vr = p.leak * vr + i;
          continue;
        }
        if (p.reset == ResetMode::subtract) {
          vr = p.leak * vr + i - p.v_thresh * sr;
        } else {
          vr = (p.leak * (1.0F - sr)) * vr + i;
        }
        sr = vr > p.v_thresh ? 1.0F : 0.0F;
        if (sr != 0.0F) {
          out_active.push_back(static_cast<std::uint32_t>(r));
          if (l + 1 == L) counts[static_cast<std::size_t>(r)] += 1.0F;
        }
      }
      if (spikes_out != nullptr) (*spikes_out)[l][static_cast<std::size_t>(t)] = out_active;
      in_active = std::move(out_active);
    }
  }
  const std::vector<float>& out = net.layers.back().neuron.spiking ? counts : v.back();
  Eigen::VectorXf result(static_cast<Eigen::Index>(out.size()));
  for (std::size_t k = 0; k < out.size(); ++k) result(static_cast<Eigen::Index>(k)) = out[k];
  return result;
}

}  // namespace spikeforge::core
