#include "trainer/admm/grid_block.hpp"

#include <cmath>
#include <string>

#include "core/errors.hpp"
#include "trainer/admm/anchor.hpp"
#include "trainer/admm/input.hpp"
#include "trainer/admm/state.hpp"
#include "trainer/linalg.hpp"

namespace spikeforge::trainer::admm {
namespace {

[[noreturn]] void bad_start(const std::string& what) { throw core::ConfigError("admm: fine-tuning start network: " + what); }

double mean_diagonal(const Eigen::MatrixXd& g) { return g.rows() > 0 ? g.diagonal().mean() : 0.0; }

/// Σ_t a_t a_tᵀ of a hidden layer's relaxed spikes (as the W blocks compute it).
Eigen::MatrixXd steps_gram(const Steps& in) {
  Matrix g = Matrix::Zero(in.front().rows(), in.front().rows());
  for (const auto& m : in) g.noalias() += m * m.transpose();
  return g.cast<double>();
}

Eigen::MatrixXf projected(const WeightProjection& proj, std::size_t l, const Eigen::MatrixXf& w) {
  Eigen::MatrixXf v = w;
  Eigen::VectorXf bias = Eigen::VectorXf::Zero(w.rows());
  proj.project(l, v, bias);
  return v;
}

}  // namespace

void check_start(const Settings& s, const core::FloatNetwork& net, const core::SpikeBatch& train) {
  net.validate();
  const std::size_t H = s.hidden.size();
  if (net.depth() != H + 1) {
    bad_start("has " + std::to_string(net.depth()) + " layers, the settings " + std::to_string(H + 1));
  }
  if (net.inputs() != train.inputs() || net.outputs() != train.classes()) {
    bad_start("has " + std::to_string(net.inputs()) + " inputs and " + std::to_string(net.outputs()) +
              " outputs, the data " + std::to_string(train.inputs()) + " inputs and " +
              std::to_string(train.classes()) + " classes");
  }
  for (std::size_t l = 0; l < net.depth(); ++l) {
    const core::Layer& L = net.layers[l];
    const std::string where = "layer " + std::to_string(l) + " ";
    if (static_cast<double>(L.neuron.leak) != static_cast<double>(static_cast<float>(s.leak))) {
      bad_start(where + "leak = " + std::to_string(L.neuron.leak) + " differs from " + std::to_string(s.leak) +
                " (ADMM shares one leak)");
    }
    if (l < H) {
      if (L.outputs() != s.hidden[l]) bad_start(where + "has " + std::to_string(L.outputs()) + " neurons, the settings " + std::to_string(s.hidden[l]));
      if (L.neuron.reset != core::ResetMode::subtract) bad_start(where + "reset = zero (ADMM supports subtract only)");
      if (static_cast<double>(L.neuron.v_thresh) != static_cast<double>(static_cast<float>(s.threshold))) {
        bad_start(where + "threshold = " + std::to_string(L.neuron.v_thresh) + " differs from " + std::to_string(s.threshold));
      }
      if (L.bias.size() > 0 && L.bias.cwiseAbs().maxCoeff() > 0.0F) bad_start(where + "has non-zero biases (the per-step ADMM blocks have none; use --finetune bptt, or train with --aggregate false)");
    } else {
      if (L.neuron.spiking) bad_start(where + "spikes; ADMM needs a non-spiking integrator output");
      if (!s.refit_output && L.bias.size() > 0 && L.bias.cwiseAbs().maxCoeff() > 0.0F) {
        bad_start(where + "has non-zero biases; ADMM's output layer has none unless the readout is refit (refit_output)");
      }
    }
  }
}

void start_from(const Settings& s, const Problem& p, State& st, const core::FloatNetwork& net) {
  for (std::size_t l = 0; l < st.w.size(); ++l) st.w[l] = net.layers[l].weights;
  anchor_to_forward(s, p, st);
}

void init_grid(const Settings& s, const Problem& p, State& st, const WeightProjection& projection) {
  GridBlock& g = st.grid;
  g.projection = projection;
  g.v.clear();
  g.u.clear();
  g.rho.clear();
  refresh_input_currents(p, st);
  for (std::size_t l = 0; l < st.w.size(); ++l) {
    g.v.push_back(projected(projection, l, st.w[l]));
    g.u.push_back(Eigen::MatrixXf::Zero(st.w[l].rows(), st.w[l].cols()));
    if (l == 0) {
      g.gram0 = input_gram(*p.x);
      g.rho.push_back(s.quant_rho * mean_diagonal(g.gram0));
      g.gram0_inverse = spd_inverse(g.gram0, s.gamma + g.rho.back());
    } else {
      g.rho.push_back(s.quant_rho * mean_diagonal(steps_gram(st.a[l - 1])));
    }
  }
}

void grid_cross_term(const State& st, std::size_t l, Eigen::MatrixXf& acc) {
  if (!st.grid.active()) return;
  acc += static_cast<float>(st.grid.rho[l]) * (st.grid.v[l] - st.grid.u[l]);
}

double grid_ridge(const State& st, std::size_t l) { return st.grid.active() ? st.grid.rho[l] : 0.0; }

void update_grid(State& st, std::size_t l) {
  GridBlock& g = st.grid;
  if (!g.active()) return;
  g.v[l] = projected(g.projection, l, st.w[l] + g.u[l]);
  g.u[l] += st.w[l] - g.v[l];
}

void grow_grid(const Settings& s, State& st) {
  GridBlock& g = st.grid;
  if (!g.active() || s.quant_rho_growth == 1.0) return;
  for (std::size_t l = 0; l < g.rho.size(); ++l) {
    g.u[l] *= static_cast<float>(1.0 / s.quant_rho_growth);
    g.rho[l] *= s.quant_rho_growth;
  }
  g.gram0_inverse = spd_inverse(g.gram0, s.gamma + g.rho[0]);
}

double grid_residual(const State& st) {
  if (!st.grid.active()) return 0.0;
  double diff = 0.0;
  double norm = 0.0;
  for (std::size_t l = 0; l < st.w.size(); ++l) {
    diff += (st.w[l] - st.grid.v[l]).cast<double>().squaredNorm();
    norm += st.w[l].cast<double>().squaredNorm();
  }
  return norm > 0.0 ? std::sqrt(diff / norm) : 0.0;
}

double grid_term(double rho, const Eigen::MatrixXf& w, const Eigen::MatrixXf& v, const Eigen::MatrixXf& u) {
  return 0.5 * rho * (w - v + u).cast<double>().squaredNorm();
}

}  // namespace spikeforge::trainer::admm
