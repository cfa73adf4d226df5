#include "trainer/bptt/state.hpp"

#include <iomanip>
#include <sstream>

#include "core/errors.hpp"
#include "trainer/checkpoint.hpp"

namespace spikeforge::trainer::bptt {
namespace {

std::string key(const char* what, std::size_t layer) { return std::string("bptt/") + what + std::to_string(layer); }

void put_vector(Checkpoint& c, const std::string& name, const Model<float>::Vector& v) {
  c.put_floats(name, std::span<const float>(v.data(), static_cast<std::size_t>(v.size())));
}

void read_matrix(const Checkpoint& c, const std::string& name, Model<float>::Matrix& into) {
  Eigen::MatrixXf m = c.matrix(name);
  if (m.rows() != into.rows() || m.cols() != into.cols()) {
    throw core::InputError("checkpoint: " + c.source() + ": " + name + " is " + std::to_string(m.rows()) + " x " +
                           std::to_string(m.cols()) + ", expected " + std::to_string(into.rows()) + " x " +
                           std::to_string(into.cols()));
  }
  into = m;
}

void read_vector(const Checkpoint& c, const std::string& name, Model<float>::Vector& into) {
  const std::vector<float> v = c.floats(name);
  if (v.size() != static_cast<std::size_t>(into.size())) {
    throw core::InputError("checkpoint: " + c.source() + ": " + name + " has " + std::to_string(v.size()) +
                           " values, expected " + std::to_string(into.size()));
  }
  into = Eigen::Map<const Model<float>::Vector>(v.data(), into.size());
}

}  // namespace

void save_state(const TrainState& state, const std::string& fingerprint, const std::filesystem::path& path) {
  Checkpoint c;
  c.put_text("bptt/fingerprint", fingerprint);
  c.put_int("bptt/epoch", state.epoch);
  c.put_double("bptt/seconds", state.seconds);
  c.put_rng("bptt/rng", state.rng);
  c.put_int("bptt/adam_step", state.adam.step);
  for (std::size_t l = 0; l < state.model.depth(); ++l) {
    c.put_matrix(key("w", l), state.model.weights[l]);
    put_vector(c, key("b", l), state.model.biases[l]);
    c.put_matrix(key("mw", l), state.adam.m_weights[l]);
    c.put_matrix(key("vw", l), state.adam.v_weights[l]);
    put_vector(c, key("mb", l), state.adam.m_biases[l]);
    put_vector(c, key("vb", l), state.adam.v_biases[l]);
  }
  c.put_history("bptt/history", state.history);
  c.write(path);
}

void load_state(const std::filesystem::path& path, const std::string& fingerprint, TrainState& state) {
  const Checkpoint c = Checkpoint::read(path);
  const std::string stored = c.text("bptt/fingerprint");
  if (stored != fingerprint) {
    throw core::ConfigError("bptt: checkpoint " + path.string() + " was written for other settings or data:\n  file: " +
                            stored + "\n  now:  " + fingerprint);
  }
  state.epoch = static_cast<int>(c.get_int("bptt/epoch"));
  state.seconds = c.get_double("bptt/seconds");
  c.get_rng("bptt/rng", state.rng);
  state.adam.init(state.model);
  state.adam.step = c.get_int("bptt/adam_step");
  for (std::size_t l = 0; l < state.model.depth(); ++l) {
    read_matrix(c, key("w", l), state.model.weights[l]);
    read_vector(c, key("b", l), state.model.biases[l]);
    read_matrix(c, key("mw", l), state.adam.m_weights[l]);
    read_matrix(c, key("vw", l), state.adam.v_weights[l]);
    read_vector(c, key("mb", l), state.adam.m_biases[l]);
    read_vector(c, key("vb", l), state.adam.v_biases[l]);
  }
  state.history = c.history("bptt/history");
}

}  // namespace spikeforge::trainer::bptt
