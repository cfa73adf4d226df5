// admm_grid: training on a chip's weight grid, side by side in one run (issue #14 item 1).
//   ADMM  the default (aggregate) method with the grid splitting W = V (trainer/admm/aggregate/grid.hpp),
//         from scratch, at each weight width B;
//   BPTT  a float BPTT network, then straight-through fine-tuning onto the same grid at each B
//         (trainer/projection.hpp FineTune), on the same samples.
// For every network: float test accuracy, how many weights/biases the chip mapping at B bits
// changes (0 = it rounds nothing), and the fixed-point test accuracy (the golden model).
//
//   admm_grid [--train N] [--test N] [--bits 2,3,4] [--iters K] [--rho R] [--rho-growth G] [--warmup W]
//             [--epochs E] [--ft-epochs E] [--hidden H] [--profile P] [--threads P] [--methods admm,bptt]
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "core/dataset.hpp"
#include "core/float_sim.hpp"
#include "core/metrics.hpp"
#include "quantizer/golden.hpp"
#include "quantizer/grid.hpp"
#include "quantizer/mapping.hpp"
#include "quantizer/profile.hpp"
#include "trainer/admm/admm.hpp"
#include "trainer/bptt/bptt.hpp"
#include "trainer/projection.hpp"

namespace sf = spikeforge;

namespace {

struct Args {
  std::size_t train = 20000, test = 10000;
  std::string bits = "2,3,4", hidden = "256", profile = "spikeforge-core", methods = "admm,bptt";
  int iters = 60, epochs = 3, ft_epochs = 2, threads = 1;
  double rho = 0.1, rho_growth = 1.05;
  int warmup = -1;  // the trainer's default: half the iterations
};

std::vector<int> parse_list(const std::string& text) {
  std::vector<int> v;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) v.push_back(std::stoi(item));
  return v;
}

bool wants(const Args& a, const std::string& m) { return ("," + a.methods + ",").find("," + m + ",") != std::string::npos; }

struct Checked {
  double float_acc = 0.0, fixed_acc = 0.0;
  long changed = 0;  // weights + biases the mapping's dequantized network differs in
};

Checked check(const sf::core::FloatNetwork& net, const sf::quantizer::ChipProfile& profile, int bits,
              const sf::core::SpikeBatch& test) {
  Checked c;
  c.float_acc = sf::core::accuracy(sf::core::simulate(net, test).predictions, test.labels());
  sf::quantizer::MappingOptions opt;
  opt.weight_bits = bits;
  const auto m = sf::quantizer::map_network(net, profile, opt);
  for (std::size_t l = 0; l < net.layers.size(); ++l) {
    const auto d = sf::quantizer::dequantize_layer(m.network.layers[l], m.report.layers[l].weight_quantum);
    c.changed += (d.weights.array() != net.layers[l].weights.array()).count();
    c.changed += (d.bias.array() != net.layers[l].bias.array()).count();
  }
  sf::quantizer::GoldenModel model(m.network);
  std::size_t correct = 0;
  for (std::size_t i = 0; i < test.size(); ++i)
    if (sf::quantizer::run_golden(model, test, i).prediction == test.label(i)) ++correct;
  c.fixed_acc = static_cast<double>(correct) / static_cast<double>(test.size());
  return c;
}

sf::trainer::WeightProjection projection_of(const std::shared_ptr<const sf::quantizer::WeightGrid>& grid) {
  sf::trainer::WeightProjection p;
  p.project = [grid](std::size_t l, Eigen::MatrixXf& w, Eigen::VectorXf& b) { grid->project_layer(l, w, b); };
  return p;
}

void row(const std::string& name, int bits, double seconds, const Checked& c, const std::string& extra = "") {
  std::printf("%-6s bits=%d train_s=%7.1f float_test=%.4f fixed_test=%.4f mapping_changed=%ld %s\n", name.c_str(), bits,
              seconds, c.float_acc, c.fixed_acc, c.changed, extra.c_str());
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--train") a.train = std::stoul(v);
    else if (k == "--test") a.test = std::stoul(v);
    else if (k == "--bits") a.bits = v;
    else if (k == "--iters") a.iters = std::stoi(v);
    else if (k == "--rho") a.rho = std::stod(v);
    else if (k == "--rho-growth") a.rho_growth = std::stod(v);
    else if (k == "--warmup") a.warmup = std::stoi(v);
    else if (k == "--epochs") a.epochs = std::stoi(v);
    else if (k == "--ft-epochs") a.ft_epochs = std::stoi(v);
    else if (k == "--hidden") a.hidden = v;
    else if (k == "--profile") a.profile = v;
    else if (k == "--threads") a.threads = std::stoi(v);
    else if (k == "--methods") a.methods = v;
    else {
      std::cerr << "unknown option " << k << "\n";
      return 2;
    }
  }
  try {
    sf::core::DatasetSpec spec;
    spec.name = "fashion-mnist";
    spec.steps = 25;
    spec.max_samples = a.train;
    const auto train = sf::core::load_spikes(spec);
    spec.split = "test";
    spec.max_samples = a.test;
    const auto test = sf::core::load_spikes(spec);
    const auto profile = sf::quantizer::load_profile(a.profile);
    const auto hidden = parse_list(a.hidden);
    std::printf("data: %zu train, %zu test, T=25, hidden %s, profile %s, threads %d\n", train.size(), test.size(),
                a.hidden.c_str(), a.profile.c_str(), a.threads);

    if (wants(a, "admm")) {
      for (const int bits : parse_list(a.bits)) {
        sf::trainer::admm::Settings s = sf::trainer::admm::Settings::improved();
        s.hidden = hidden;
        s.iterations = a.iters;
        s.threads = a.threads;
        s.quant_rho = a.rho;
        s.quant_rho_growth = a.rho_growth;
        s.quant_warmup = a.warmup;
        s.val_every = 5;
        // The grid is built from the network's shape (zero weights): the projection picks each
        // layer's scale from the weights it is given.
        sf::quantizer::MappingOptions opt;
        opt.weight_bits = bits;
        const auto grid = std::make_shared<const sf::quantizer::WeightGrid>(
            sf::trainer::admm::shape_network(s, train.inputs(), train.classes()), profile, opt);
        sf::trainer::FineTune ft;
        ft.projection = projection_of(grid);
        const auto r = sf::trainer::admm::train(s, train, nullptr, [&](const sf::trainer::TrainProgress& p) {
          std::fprintf(stderr, "[admm %d bits] %d/%d %.0fs\r", bits, p.iteration, p.total, p.seconds);
        }, {}, sf::trainer::local_reducer(), {}, ft);
        std::ostringstream extra;
        extra << "best_iter=" << r.best_iteration << " grid_res_end=" << r.history.back().metrics.at("grid_res")
              << " method=\"" << r.method << "\"";
        row("admm", bits, r.seconds, check(r.net, profile, bits, test), extra.str());
      }
    }
    if (wants(a, "bptt")) {
      sf::trainer::BpttSettings s;
      s.hidden = hidden;
      s.epochs = a.epochs;
      s.threads = a.threads;
      const auto base = sf::trainer::train_bptt(s, train, nullptr, {});
      std::printf("bptt float: %d epochs %.1fs float_test=%.4f\n", a.epochs, base.seconds,
                  sf::core::accuracy(sf::core::simulate(base.net, test).predictions, test.labels()));
      for (const int bits : parse_list(a.bits)) {
        sf::quantizer::MappingOptions opt;
        opt.weight_bits = bits;
        const auto grid = std::make_shared<const sf::quantizer::WeightGrid>(base.net, profile, opt);
        sf::trainer::FineTune ft;
        ft.start = &base.net;
        ft.projection = projection_of(grid);
        sf::trainer::BpttSettings f = s;
        f.epochs = a.ft_epochs;
        f.lr = 5e-4F;
        const auto r = sf::trainer::train_bptt(f, train, nullptr, {}, {}, ft);
        row("bptt", bits, base.seconds + r.seconds, check(r.net, profile, bits, test),
            "(float " + std::to_string(a.epochs) + " epochs + " + std::to_string(a.ft_epochs) + " straight-through)");
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "admm_grid: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
