// compare_trainers: paper ADMM, improved ADMM (and per-lever ablations), the ridge-readout
// baseline and BPTT on the same Fashion-MNIST subset. Reports test accuracy, wall time, peak
// memory (getrusage, cumulative over the process) and ADMM time per block; writes the accuracy
// curves (iteration, seconds, train/val accuracy) as CSV.
//
//   compare_trainers [--train N] [--val N] [--test N] [--iters K] [--paper-iters K] [--epochs E] [--hidden H[,H2]]
//                    [--threads P] [--csv curves.csv] [--methods readout,paper,improved,bptt,ablation]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <sys/resource.h>

#include "core/dataset.hpp"
#include "core/float_sim.hpp"
#include "core/metrics.hpp"
#include "trainer/admm/admm.hpp"
#include "trainer/bptt/bptt.hpp"
#include "trainer/readout/readout.hpp"

namespace sf = spikeforge;

namespace {

struct Args {
  std::size_t train = 5000, val = 1000, test = 10000;
  int iters = 30, paper_iters = -1, epochs = 2, threads = 2;
  std::string hidden = "256", csv = "compare_trainers.csv", methods = "readout,paper,improved,bptt";
  std::string dataset = "fashion-mnist";
  int steps = 25;
};

std::vector<int> parse_list(const std::string& text) {
  std::vector<int> v;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) v.push_back(std::stoi(item));
  return v;
}

bool wants(const Args& a, const std::string& m) { return ("," + a.methods + ",").find("," + m + ",") != std::string::npos; }

double peak_mib() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

double test_accuracy(const sf::core::FloatNetwork& net, const sf::core::SpikeBatch& test) {
  return sf::core::accuracy(sf::core::simulate(net, test).predictions, test.labels());
}

std::ofstream g_csv;

void write_curve(const std::string& name, const sf::trainer::History& h) {
  for (const auto& r : h) {
    auto get = [&](const char* k) {
      auto it = r.metrics.find(k);
      return it == r.metrics.end() ? std::string() : std::to_string(it->second);
    };
    g_csv << name << "," << r.iteration << "," << r.seconds << "," << get("train_acc") << "," << get("val_acc") << ","
          << get("lagrangian") << "," << get("primal_res") << "\n";
  }
  g_csv.flush();
}

void report(const std::string& name, double seconds, double test_acc, double val_acc, const std::string& extra = "") {
  std::printf("%-28s test_acc=%.4f val_acc=%.4f train_s=%8.1f peak_rss_mib=%7.0f %s\n", name.c_str(), test_acc, val_acc,
              seconds, peak_mib(), extra.c_str());
  std::fflush(stdout);
}

void run_admm(const std::string& name, sf::trainer::admm::Settings s, const sf::core::SpikeBatch& train,
              const sf::core::SpikeBatch& val, const sf::core::SpikeBatch& test) {
  const auto r = sf::trainer::admm::train(s, train, &val, [&](const sf::trainer::TrainProgress& p) {
    std::fprintf(stderr, "[%s] %d/%d %.0fs\r", name.c_str(), p.iteration, p.total, p.seconds);
  });
  std::ostringstream blocks;
  const double iters = std::max(1, r.iterations_run);
  blocks << "best_iter=" << r.best_iteration << " per_iter_s:";
  for (const auto& [k, v] : r.block_seconds)
    if (k.rfind("setup", 0) == 0) blocks << " " << k << "=" << v;
    else blocks << " " << k << "=" << v / iters;
  blocks << " state_mib=" << (r.state_bytes >> 20);
  write_curve(name, r.history);
  report(name, r.seconds, test_accuracy(r.net, test), r.best_val_acc, blocks.str());
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--train") a.train = std::stoul(v);
    else if (k == "--val") a.val = std::stoul(v);
    else if (k == "--test") a.test = std::stoul(v);
    else if (k == "--iters") a.iters = std::stoi(v);
    else if (k == "--paper-iters") a.paper_iters = std::stoi(v);
    else if (k == "--epochs") a.epochs = std::stoi(v);
    else if (k == "--hidden") a.hidden = v;
    else if (k == "--threads") a.threads = std::stoi(v);
    else if (k == "--csv") a.csv = v;
    else if (k == "--methods") a.methods = v;
    else if (k == "--dataset") a.dataset = v;
    else if (k == "--steps") a.steps = std::stoi(v);
    else {
      std::cerr << "unknown option " << k << "\n";
      return 2;
    }
  }
  try {
    sf::core::DatasetSpec spec;
    spec.name = a.dataset;
    spec.steps = a.steps;
    spec.max_samples = a.train;
    const auto t0 = std::chrono::steady_clock::now();
    const auto train = sf::core::load_spikes(spec);
    spec.offset = a.train;
    spec.max_samples = a.val;
    const auto val = sf::core::load_spikes(spec);
    spec.offset = 0;
    spec.split = "test";
    spec.max_samples = a.test;
    const auto test = sf::core::load_spikes(spec);
    std::printf("data: %zu train, %zu val, %zu test, T=%d, load %.1fs, hidden %s, threads %d\n", train.size(), val.size(),
                test.size(), train.steps(),
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), a.hidden.c_str(), a.threads);
    g_csv.open(a.csv);
    g_csv << "method,iteration,seconds,train_acc,val_acc,lagrangian,primal_res\n";
    const auto hidden = parse_list(a.hidden);

    if (wants(a, "readout")) {
      sf::trainer::readout::Settings s;
      s.hidden = hidden;
      s.threads = a.threads;
      const auto r = sf::trainer::readout::train(s, train, {});
      report("readout", r.seconds, test_accuracy(r.net, test), test_accuracy(r.net, val));
    }
    auto admm = [&](sf::trainer::admm::Variant v) {
      sf::trainer::admm::Settings s = sf::trainer::admm::Settings::preset(v);
      s.hidden = hidden;
      s.iterations = v == sf::trainer::admm::Variant::paper && a.paper_iters >= 0 ? a.paper_iters : a.iters;
      s.threads = a.threads;
      s.val_every = 5;
      s.train_acc_every = 5;
      return s;
    };
    if (wants(a, "paper")) run_admm("admm-paper", admm(sf::trainer::admm::Variant::paper), train, val, test);
    if (wants(a, "paper-ridge")) {
      auto s = admm(sf::trainer::admm::Variant::paper);
      s.gamma = 1e-2;
      run_admm("admm-paper-ridge", s, train, val, test);
    }
    if (wants(a, "improved")) run_admm("admm-improved", admm(sf::trainer::admm::Variant::improved), train, val, test);
    if (wants(a, "ablation")) {
      // Each lever alone on top of the paper variant (with ridge 1e-2), and removed from improved.
      auto base = admm(sf::trainer::admm::Variant::paper);
      base.gamma = 1e-2;
      auto s = base; s.refit_output = true; run_admm("paper+refit", s, train, val, test);
      s = base; s.reanchor_every = 5; run_admm("paper+reanchor5", s, train, val, test);
      s = base; s.beta_growth = 1.1; s.beta_max = 2.0; run_admm("paper+beta_cont", s, train, val, test);
      s = base; s.adaptive_rho = true; run_admm("paper+adaptive_rho", s, train, val, test);
      s = base; s.keep_best = true; run_admm("paper+keep_best", s, train, val, test);
      s = base; s.init = sf::trainer::admm::Init::random; run_admm("paper+random_init", s, train, val, test);
      // Removed from improved (lever 8 is on; it always refits the output, so levers 1-4 do not apply).
      auto imp = admm(sf::trainer::admm::Variant::improved);
      s = imp; s.keep_best = false; run_admm("improved-keep_best", s, train, val, test);
      s = imp; s.agg_decay = 0.0; run_admm("improved-agg_decay", s, train, val, test);
      s = imp; s.refit_gamma = 1e-3; run_admm("improved(refit_gamma=1e-3)", s, train, val, test);
      s = imp; s.agg_mu = 1.0; run_admm("improved(agg_mu=1)", s, train, val, test);
      s = imp; s.aggregate = false; s.iterations = std::min(a.iters, 10); run_admm("improved-aggregate(per-step blocks,<=10 it)", s, train, val, test);
      s.init = sf::trainer::admm::Init::zero; run_admm("improved-aggregate-random_init(<=10 it)", s, train, val, test);
    }
    if (wants(a, "bptt")) {
      sf::trainer::BpttSettings s;
      s.hidden = hidden;
      s.epochs = a.epochs;
      s.threads = a.threads;
      const auto r = sf::trainer::train_bptt(s, train, &val, [&](const sf::trainer::TrainProgress& p) {
        std::fprintf(stderr, "[bptt] %d/%d %.0fs\r", p.iteration, p.total, p.seconds);
      });
      write_curve("bptt", r.history);
      report("bptt", r.seconds, test_accuracy(r.net, test), r.val_acc, "epochs=" + std::to_string(r.epochs_run));
    }
  } catch (const std::exception& e) {
    std::cerr << "compare_trainers: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
