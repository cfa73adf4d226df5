// lif_core: a time-multiplexed, event-driven LIF core (ODIN-style): a banked weight SRAM read
// LANES weights at a time, one shared LIF datapath, neuron-state SRAMs (v and the last spike; u
// only for layers whose current decays, du != 4095), a bias SRAM, per-layer parameter registers,
// a per-neuron accumulator SRAM (one row of LANES accumulators per address) and per-neuron update flags. Layers run one after another inside a
// timestep; the spikes of layer l are the input events of layer l+1 in the same step (no
// inter-layer delay), exactly like the golden model (quantizer/golden.hpp), whose update rule
// (which neurons are updated, skipped or caught up) the core implements.
//
// Protocol (one sample):
//   1. load    ld_valid/ld_sel/ld_addr/ld_data write the memories (sel 0 weight, 1 bias,
//              2 layer geometry, 3 layer neuron parameters, 4 config, 5 sparse pointer, 6 sparse
//              block index); layout: docs/formats-rtl.md.
//   2. clear   a one-cycle pulse in idle zeroes the neuron state (one neuron per cycle), sets the
//              update flags from the biases, and zeroes the event counters. Required after reset.
//   3. per step: input events (in_valid/in_ready, in_neuron = AER address of a spiking input,
//              one per cycle, sorted and unique), then a one-cycle `tick` pulse closes the step:
//              for each layer, (a) accumulate: each input event adds its weight column into the
//              accumulators, LANES consecutive neurons per cycle (event fetch pipelined behind);
//              a dense layer reads all R_l rows of the column, a sparse layer (layer mode bit, SPARSE
//              builds) reads the event's pointer (start, count) and then only its stored blocks: one
//              row of LANES neurons with a non-zero weight each, whose row index comes from the
//              index memory (an event without blocks takes one cycle and reads nothing else);
//              (b) scan: the update flags are read 64 neurons at a time and only the neurons the
//              rule selects are updated, one per cycle (2-stage pipeline: read state, then compute
//              and write back), after iterating any deferred leak steps (one cycle each).
//              Spikes leave on out_valid/out_ready as (layer, neuron); a full output register
//              stalls the update. `done` pulses for one cycle when the last layer is finished.
// Cycle cost of a step (no output stalls; R_l = ceil(n_l / LANES) rows, C_l = ceil(n_l / 64)):
//   input events + Σ_layers (1 + (E_l > 0 ? 5 + W_l : 1) + C_l + updates_l + catch-ups_l + 2)
//   W_l = E_l·R_l (dense layer) or Σ_events max(1, blocks of the event's input) (sparse layer)
// (rtl_sim/energy/counts.hpp is the analytic twin). The mon_* port shows every neuron-state write
// (the value the next clock edge commits) so a harness can compare u and v without reaching into
// the model. Port list: docs/formats-rtl.md "Core ports".
module lif_core #(
  parameter int LAYER_AW  = 3,   // max layers          = 2^LAYER_AW
  parameter int NEURON_AW = 10,  // max neurons / layer = 2^NEURON_AW (>= 2)
  parameter int INPUT_AW  = 12,  // max events / layer  = 2^INPUT_AW (fan-in)
  parameter int STATE_AW  = 13,  // max neurons total   = 2^STATE_AW
  parameter int WEIGHT_AW = 20,  // max synapses total  = 2^WEIGHT_AW
  parameter int WEIGHT_W  = 9,   // weight word, signed (effective weights in [-256, 255])
  parameter int ACC_W     = 24,  // accumulator, signed
  parameter int LANES     = 1,   // synaptic ops per cycle: a power of two, <= min(64, 2^(NEURON_AW-1))
  parameter int OWED_W    = 32,  // per-layer owed-step counter (saturating)
  parameter int SPARSE    = 1,   // 1: layers may use the sparse weight layout (pointer and index memories)
  parameter int PTR_AW    = 13   // sparse pointer words = 2^PTR_AW (inputs of all sparse layers), <= 13
) (
  input  logic                 clk,
  input  logic                 rst_n,
  // Load port (memories and parameters).
  input  logic                 ld_valid,
  input  logic [2:0]           ld_sel,
  input  logic [31:0]          ld_addr,
  input  logic [63:0]          ld_data,
  // Control.
  input  logic                 clear,
  input  logic                 tick,
  output logic                 idle,
  output logic                 done,
  // Input events (AER).
  input  logic                 in_valid,
  input  logic [INPUT_AW-1:0]  in_neuron,
  output logic                 in_ready,
  // Output spikes.
  output logic                 out_valid,
  output logic [LAYER_AW-1:0]  out_layer,
  output logic [NEURON_AW-1:0] out_neuron,
  input  logic                 out_ready,
  // State-write monitor (debug read port).
  output logic                 mon_valid,
  output logic [LAYER_AW-1:0]  mon_layer,
  output logic [NEURON_AW-1:0] mon_neuron,
  output logic [31:0]          mon_u,
  output logic [23:0]          mon_v,
  output logic                 mon_spike,
  // Event counters (cleared by `clear`).
  output logic [31:0]          cnt_cycles,
  output logic [31:0]          cnt_sops,
  output logic [31:0]          cnt_upd_active,
  output logic [31:0]          cnt_upd_idle,
  output logic [31:0]          cnt_catchups,
  output logic [31:0]          cnt_spikes,
  output logic [31:0]          cnt_wmem_reads,
  output logic [31:0]          cnt_smem_reads,
  output logic [31:0]          cnt_smem_writes,
  output logic [31:0]          cnt_umem_reads,
  output logic [31:0]          cnt_umem_writes,
  output logic [31:0]          cnt_flag_reads,
  output logic [31:0]          cnt_ptr_reads,
  output logic [31:0]          cnt_idx_reads,
  // Size limits of this build (constants).
  output logic [31:0]          lim_layers,
  output logic [31:0]          lim_neurons,
  output logic [31:0]          lim_inputs,
  output logic [31:0]          lim_state,
  output logic [31:0]          lim_weights,
  output logic [31:0]          lim_lanes,
  output logic [31:0]          lim_sparse,
  output logic [31:0]          lim_pointers
);
  localparam int NumLayers  = 1 << LAYER_AW;
  localparam int NeuronsMax = 1 << NEURON_AW;
  localparam int LanesLog2  = $clog2(LANES);
  localparam int LaneIdxW   = (LanesLog2 > 0) ? LanesLog2 : 1;
  localparam int BankAW     = WEIGHT_AW - LanesLog2;
  localparam int AccRowAW   = NEURON_AW - LanesLog2;
  localparam int ChunkLog2  = (NEURON_AW > 6) ? 6 : NEURON_AW - 1;  // flags scanned per cycle: 64
  localparam int ChunkW     = 1 << ChunkLog2;
  localparam int ChunkAW    = NEURON_AW - ChunkLog2;
  localparam int FlagAW     = LAYER_AW + ChunkAW;
  localparam int VStateW    = 1 + 24;  // {s_prev, v}
  // Sparse layout: a pointer word {count, start} per input (start = first block, a bank word
  // address; count <= rows), a block-index word (accumulator row) per block.
  localparam int IdxW       = AccRowAW;
  localparam int CntW       = AccRowAW + 1;
  localparam int PtrW       = BankAW + CntW;

  typedef enum logic [2:0] {
    S_IDLE, S_CLEAR, S_LAYER, S_ACC, S_SCAN_LOAD, S_SCAN, S_SCAN_END, S_NEXT
  } state_t;
  state_t state;

  assign lim_layers  = 32'(NumLayers);
  assign lim_neurons = 32'(NeuronsMax);
  assign lim_inputs  = 32'(1 << INPUT_AW);
  assign lim_state   = 32'(1 << STATE_AW);
  assign lim_weights = 32'(1 << WEIGHT_AW);
  assign lim_lanes   = 32'(LANES);
  assign lim_sparse  = 32'(SPARSE != 0);
  assign lim_pointers = (SPARSE != 0) ? 32'(1 << PTR_AW) : '0;

  // ---------------------------------------------------------------- configuration registers
  logic [LAYER_AW:0]    num_layers;
  logic [NEURON_AW:0]   p_nout  [NumLayers];
  logic [WEIGHT_AW-1:0] p_wbase [NumLayers];
  logic [STATE_AW-1:0]  p_sbase [NumLayers];
  logic [49:0]          p_neur  [NumLayers];  // {spiking, subtract, bias_exp, weight_exp, vth, dv, du}
  logic [22:0]          p_bmax  [NumLayers];  // largest safe bias: (vth << 6) · dv / 4096 = vth · dv / 64
  logic                 p_sparse[NumLayers];  // weight layout: 0 dense, 1 sparse (layers_neuron [50])
  logic [PTR_AW-1:0]    p_pbase [NumLayers];  // first pointer word of a sparse layer (layers_neuron [63:51])

  logic ld_geom, ld_neur, ld_cfg;
  assign ld_geom = ld_valid && ld_sel == 3'd2;
  assign ld_neur = ld_valid && ld_sel == 3'd3;
  assign ld_cfg  = ld_valid && ld_sel == 3'd4;
  logic [28:0] ld_vth_dv;
  assign ld_vth_dv = 29'(ld_data[40:24]) * 29'(ld_data[23:12]);

  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      num_layers <= '0;
      for (int i = 0; i < NumLayers; i++) begin
        p_nout[i]  <= '0;
        p_wbase[i] <= '0;
        p_sbase[i] <= '0;
        p_neur[i]  <= '0;
        p_bmax[i]  <= '0;
        p_sparse[i] <= 1'b0;
        p_pbase[i] <= '0;
      end
    end else begin
      if (ld_cfg) num_layers <= ld_data[LAYER_AW:0];
      if (ld_geom) begin
        p_nout[ld_addr[LAYER_AW-1:0]]  <= ld_data[NEURON_AW:0];
        p_wbase[ld_addr[LAYER_AW-1:0]] <= ld_data[16 +: WEIGHT_AW];
        p_sbase[ld_addr[LAYER_AW-1:0]] <= ld_data[40 +: STATE_AW];
      end
      if (ld_neur) begin
        p_neur[ld_addr[LAYER_AW-1:0]] <= ld_data[49:0];
        p_bmax[ld_addr[LAYER_AW-1:0]] <= ld_vth_dv[28:6];
        p_sparse[ld_addr[LAYER_AW-1:0]] <= (SPARSE != 0) && ld_data[50];
        p_pbase[ld_addr[LAYER_AW-1:0]] <= ld_data[51 +: PTR_AW];
      end
    end
  end

  // ---------------------------------------------------------------- current-layer registers
  logic [LAYER_AW-1:0]  layer;
  logic [NEURON_AW:0]   cur_nout;
  logic [WEIGHT_AW-1:0] cur_wbase;
  logic [STATE_AW-1:0]  cur_sbase;
  logic [49:0]          cur_neur;
  logic [22:0]          cur_bmax;
  logic                 cur_sparse;
  logic [PTR_AW-1:0]    cur_pbase;
  logic [OWED_W-1:0]    cur_owed;
  logic [NEURON_AW:0]   cur_rows;        // ceil(n_out / LANES)
  logic [ChunkAW-1:0]   cur_last_chunk;  // (n_out - 1) / 64
  logic                 cur_last_layer;
  logic [INPUT_AW:0]    in_count, ev_count, spk_count;
  logic [NEURON_AW:0]   upd_count;
  logic [OWED_W-1:0]    owed [NumLayers];  // steps without input events since the layer's last one

  logic        cur_udead, cur_sub, cur_spiking;
  logic [11:0] cur_du, cur_dv;
  assign cur_du      = cur_neur[11:0];
  assign cur_dv      = cur_neur[23:12];
  assign cur_udead   = cur_du == 12'd4095;  // u' = a << 6: u is not state, its SRAM is not used
  assign cur_sub     = cur_neur[48];
  assign cur_spiking = cur_neur[49];

  // ---------------------------------------------------------------- memories
  // Event buffer: input events write half 0; layer l reads half l[0] and writes its spikes to the
  // other half, which layer l+1 reads.
  logic                   ev_we, ev_re;
  logic [INPUT_AW:0]      ev_waddr, ev_raddr;
  logic [INPUT_AW-1:0]    ev_wdata, ev_rdata;
  sf_ram #(.AW(INPUT_AW + 1), .DW(INPUT_AW)) u_events (
    .clk, .we(ev_we), .waddr(ev_waddr), .wdata(ev_wdata), .re(ev_re), .raddr(ev_raddr), .rdata(ev_rdata));

  // Weights: LANES banks; weight address a (docs/formats-rtl.md) is word a / LANES of bank a % LANES.
  logic [LANES-1:0]       wb_re;
  logic [BankAW-1:0]      wb_raddr [LANES];
  logic [WEIGHT_W-1:0]    wb_rdata [LANES];
  logic [LaneIdxW-1:0]    ld_bank;
  assign ld_bank = (LANES == 1) ? '0 : LaneIdxW'(ld_addr[LaneIdxW-1:0] & LaneIdxW'(LANES - 1));
  for (genvar b = 0; b < LANES; b++) begin : g_wbank
    sf_ram #(.AW(BankAW), .DW(WEIGHT_W)) u_weights (
      .clk, .we(ld_valid && ld_sel == 3'd0 && 32'(ld_bank) == b), .waddr(ld_addr[LanesLog2 +: BankAW]),
      .wdata(ld_data[WEIGHT_W-1:0]), .re(wb_re[b]), .raddr(wb_raddr[b]), .rdata(wb_rdata[b]));
  end

  // Sparse layout: pointer words (address pointer_base + input) and block indices (address = the
  // block's bank word address, where its LANES weights are, lane j in bank j). Absent when SPARSE = 0.
  logic                   ptr_re, ix_re;
  logic [PTR_AW-1:0]      ptr_raddr;
  logic [PtrW-1:0]        ptr_rdata;
  logic [BankAW-1:0]      ix_raddr;
  logic [IdxW-1:0]        ix_rdata;
  logic [BankAW-1:0]      ptr_start;
  logic [CntW-1:0]        ptr_count;
  assign ptr_start = ptr_rdata[BankAW-1:0];
  assign ptr_count = ptr_rdata[BankAW +: CntW];
  if (SPARSE != 0) begin : g_sparse
    sf_ram #(.AW(PTR_AW), .DW(PtrW)) u_pointers (
      .clk, .we(ld_valid && ld_sel == 3'd5), .waddr(ld_addr[PTR_AW-1:0]), .wdata(ld_data[PtrW-1:0]),
      .re(ptr_re), .raddr(ptr_raddr), .rdata(ptr_rdata));
    sf_ram #(.AW(BankAW), .DW(IdxW)) u_index (
      .clk, .we(ld_valid && ld_sel == 3'd6), .waddr(ld_addr[BankAW-1:0]), .wdata(ld_data[IdxW-1:0]),
      .re(ix_re), .raddr(ix_raddr), .rdata(ix_rdata));
  end else begin : g_dense_only
    assign ptr_rdata = '0;
    assign ix_rdata  = '0;
    logic unused_sparse;
    assign unused_sparse = ^{ptr_re, ptr_raddr, ix_re, ix_raddr};
  end

  // Neuron state: {s_prev, v} for every neuron; u only where du != 4095; bias alongside.
  logic                   s_we, s_re, u_we, u_re, b_re;
  logic [STATE_AW-1:0]    s_waddr, s_raddr;
  logic [VStateW-1:0]     s_wdata, s_rdata;
  logic [31:0]            u_wdata, u_rdata;
  logic [12:0]            b_rdata;
  sf_ram #(.AW(STATE_AW), .DW(VStateW)) u_vstate (
    .clk, .we(s_we), .waddr(s_waddr), .wdata(s_wdata), .re(s_re), .raddr(s_raddr), .rdata(s_rdata));
  sf_ram #(.AW(STATE_AW), .DW(32)) u_ustate (
    .clk, .we(u_we), .waddr(s_waddr), .wdata(u_wdata), .re(u_re), .raddr(s_raddr), .rdata(u_rdata));
  sf_ram #(.AW(STATE_AW), .DW(13)) u_bias (
    .clk, .we(ld_valid && ld_sel == 3'd1), .waddr(ld_addr[STATE_AW-1:0]), .wdata(ld_data[12:0]),
    .re(b_re), .raddr(s_raddr), .rdata(b_rdata));

  // Accumulators: one row of LANES words per LANES consecutive neurons, in an SRAM like the others
  // (block RAM on an FPGA). The accumulate pipeline reads a row in the weight-read stage and writes
  // it back from the add stage (read-modify-write over two cycles, with the row just written
  // forwarded); an update reads its neuron's row when it is issued, with the state.
  logic                        a_we, a_re;
  logic [AccRowAW-1:0]         a_waddr, a_raddr;
  logic [LANES*ACC_W-1:0]      a_wdata, a_rdata;
  sf_ram #(.AW(AccRowAW), .DW(LANES * ACC_W)) u_acc (
    .clk, .we(a_we), .waddr(a_waddr), .wdata(a_wdata), .re(a_re), .raddr(a_raddr), .rdata(a_rdata));

  // Update flags, 64 neurons per word (golden.hpp): live = update at every step; dec = v may change
  // without input. Two memories with one bit-masked write port (one neuron at a time: clear pass,
  // update commit) and one synchronous read port (block RAM on an FPGA) that reads, every cycle,
  // the word of the chunk the scan will look at in the next cycle (chunk_next).
  // The read words are used only when a chunk is loaded (need; owe keeps what the updates of the
  // chunk need later), and a commit never writes the word of a chunk being loaded, so a read that
  // coincides with a write of the same word is never used (no_rw_check: yosys need not make it
  // return the old word). ram_style: yosys would build so shallow a memory from flip-flops, which
  // cost more logic cells.
  (* ram_style = "block", no_rw_check *) logic [ChunkW-1:0] f_live [1 << FlagAW];
  (* ram_style = "block", no_rw_check *) logic [ChunkW-1:0] f_dec  [1 << FlagAW];
  logic [ChunkW-1:0]      f_live_r, f_dec_r;   // the words of {layer, chunk}
  logic [ChunkW-1:0]      owe;                 // neurons of the chunk that may owe leak steps (dec, not live)
  // Per neuron n of the current layer (lane n mod LANES of accumulator row n / LANES): accumulator
  // non-zero in this layer. Cleared when a layer starts, set by the add stage. The accumulator SRAM
  // is never cleared: a lane whose flag is clear reads as zero, in the add stage and in the update
  // (its word is stale, or zero).
  logic [NeuronsMax-1:0]  f_accnz;

  // ---------------------------------------------------------------- accumulate pipeline
  // Event fetch (read issue) -> base (column address) -> rows (LANES weights per cycle) -> add.
  logic [INPUT_AW:0]      f_idx;
  logic                   r_valid, b_valid, a_valid, p_valid;
  logic                   p_busy;   // the add stage holds a row or an event without blocks (timing only)
  logic [WEIGHT_AW-1:0]   b_base, a_base;
  logic [NEURON_AW:0]     a_row;
  logic [AccRowAW-1:0]    p_row;
  logic [LaneIdxW-1:0]    p_off;
  logic [LANES-1:0]       p_en;
  logic                   a_last, advance, issue_ev;
  logic [BankAW-1:0]      a_blk;     // sparse: the event's first block
  logic [CntW-1:0]        a_cnt;     // sparse: its blocks
  logic                   a_nop;     // sparse: an event without blocks (one cycle, nothing read)
  logic [BankAW-1:0]      a_blkrow;  // sparse: the block of this row
  assign a_blkrow = a_blk + BankAW'(a_row);
  assign a_last   = cur_sparse ? (a_nop || a_row + 1'b1 == (NEURON_AW + 1)'(a_cnt)) : a_row + 1'b1 == cur_rows;
  assign advance  = !a_valid || a_last;
  assign issue_ev = state == S_ACC && advance && f_idx != ev_count;

  logic [WEIGHT_AW-1:0]   a_start;   // weight address of lane 0 of this row
  logic [BankAW-1:0]      a_word;    // its bank word
  logic [LaneIdxW-1:0]    a_off;     // its bank
  logic [AccRowAW-1:0]    a_accrow;  // accumulator row (dense: the row; sparse: the block's index)
  logic [NEURON_AW:0]     a_n0;      // neuron of lane 0
  logic [NEURON_AW:0]     a_rem;     // neurons of the layer from lane 0 on
  logic [LANES-1:0]       a_en;      // lanes holding neurons of the layer
  assign a_start = a_base + (WEIGHT_AW'(a_row) << LanesLog2);
  assign a_word  = cur_sparse ? a_blkrow : a_start[WEIGHT_AW-1:LanesLog2];
  assign a_off   = (LANES == 1 || cur_sparse) ? '0 : LaneIdxW'(a_start[LaneIdxW-1:0] & LaneIdxW'(LANES - 1));
  assign a_accrow = cur_sparse ? ix_rdata : AccRowAW'(a_row);
  assign a_n0    = (NEURON_AW + 1)'(a_accrow) << LanesLog2;
  assign a_rem   = cur_nout - a_n0;
  // Lanes 0 .. a_rem - 1 (all when a_rem >= LANES).
  assign a_en = (a_rem >= (NEURON_AW + 1)'(LANES)) ? '1 : LANES'((LANES + 1)'(1) << a_rem) - 1'b1;
  always_comb begin
    // Bank b serves lane (b - off) mod LANES: the row's word, or the next one for banks below off.
    for (int b = 0; b < LANES; b++) begin
      /* verilator lint_off UNSIGNED */
      wb_raddr[b] = a_word + BankAW'((b < 32'(a_off)) ? 1 : 0);
      /* verilator lint_on UNSIGNED */
      wb_re[b]    = a_valid && !a_nop && a_en[(b - 32'(a_off)) & (LANES - 1)];
    end
  end
  logic [NEURON_AW:0] a_lanes;  // synaptic ops of this row
  assign a_lanes = (a_rem >= (NEURON_AW + 1)'(LANES)) ? (NEURON_AW + 1)'(LANES) : a_rem;

  // ---------------------------------------------------------------- scan and update pipeline
  logic [ChunkAW-1:0]     chunk;
  logic [ChunkW-1:0]      pend;       // neurons of the chunk still to update
  logic [ChunkW-1:0]      need;       // the rule, for the chunk being loaded
  logic [ChunkW-1:0]      chunk_valid;
  logic [NEURON_AW:0]     chunk_rem;  // neurons of the layer from the chunk's first on
  assign chunk_rem  = cur_nout - {1'b0, chunk, ChunkLog2'(0)};
  assign chunk_valid = (chunk_rem >= (NEURON_AW + 1)'(ChunkW)) ? '1 : ChunkW'((ChunkW + 1)'(1) << chunk_rem) - 1'b1;
  logic [ChunkW-1:0]      chunk_accnz;
  assign chunk_accnz = f_accnz[32'(chunk) * ChunkW +: ChunkW];
  assign need = (f_live_r | chunk_accnz | ((ev_count != '0) ? f_dec_r : '0)) & chunk_valid;

  logic [ChunkLog2-1:0]   pick;       // lowest pending neuron of the chunk (binary search)
  always_comb begin
    logic [ChunkW-1:0] rest;
    rest = pend;
    pick = '0;
    for (int k = ChunkLog2 - 1; k >= 0; k--) begin
      if ((rest & ((ChunkW'(1) << (1 << k)) - 1'b1)) == '0) begin
        pick[k] = 1'b1;
        rest = rest >> (1 << k);
      end
    end
  end
  logic [NEURON_AW-1:0]   issue_n;
  assign issue_n = {chunk, pick};

  // Stage 1 registers: neuron, first cycle, v being caught up, owed steps left, acc non-zero.
  logic                   q_valid, q_first, q_accnz;
  logic [NEURON_AW-1:0]   q_n;
  logic signed [23:0]     q_v;
  logic [OWED_W-1:0]      q_k;

  logic signed [31:0] dp_u;
  logic signed [23:0] dp_v, dp_v_idle, v_src;
  logic signed [39:0] dp_bias;
  logic               dp_spike;
  logic [ACC_W-1:0]   q_acc;
  logic [LaneIdxW-1:0] q_lane;
  assign q_lane = (LANES == 1) ? '0 : LaneIdxW'(32'(q_n) & (LANES - 1));
  // The neuron's accumulator row was read when it was issued; the SRAM's read register holds it
  // through catch-ups and output stalls (nothing else reads the accumulators while a neuron is here).
  assign q_acc  = q_accnz ? a_rdata[32'(q_lane) * ACC_W +: ACC_W] : '0;
  assign v_src  = q_first ? $signed(s_rdata[23:0]) : q_v;
  lif_datapath #(.ACC_W(ACC_W)) u_dp (
    .u_in(cur_udead ? 32'sd0 : $signed(u_rdata)), .v_in(v_src), .s_prev(s_rdata[24]),
    .acc(q_acc), .bias_mant(b_rdata),
    .du(cur_du), .dv(cur_dv), .vth(cur_neur[40:24]), .weight_exp(cur_neur[44:41]),
    .bias_exp(cur_neur[47:45]), .reset_subtract(cur_sub), .spiking(cur_spiking),
    .u_out(dp_u), .v_out(dp_v), .spike(dp_spike), .v_idle(dp_v_idle), .bias(dp_bias));

  logic catching, stall, commit, stage_free, upd_issue, chunk_load;
  assign catching   = q_valid && q_k != '0 && dp_v_idle != v_src;  // a deferred step changes v
  assign stall      = q_valid && !catching && dp_spike && out_valid && !out_ready;
  assign commit     = q_valid && !catching && !stall;
  assign stage_free = !q_valid || commit;
  assign upd_issue  = state == S_SCAN && stage_free;
  assign chunk_load = state == S_SCAN_LOAD && !catching;

  // Flags of the committed neuron (golden.hpp).
  logic bias_nz, bias_unsafe, dec_new, live_new;
  assign bias_nz     = b_rdata != '0;
  assign bias_unsafe = dp_bias > $signed({17'd0, cur_bmax});
  assign dec_new     = (cur_dv != '0 && dp_v != '0) || bias_nz;
  assign live_new    = bias_unsafe || (cur_sub && dp_spike) || (!cur_udead && dp_u != '0)
                       || (dec_new && (cur_last_layer || ev_count == '0));

  // ---------------------------------------------------------------- clear pass
  // One neuron per cycle: zero its state (u too where du != 4095), read its bias; the next cycle
  // sets its flags (live = bias unsafe, or biased in the last layer; dec = biased).
  logic [LAYER_AW:0]    clr_l;
  logic [NEURON_AW:0]   clr_n;
  logic                 clr_issue, clr_d_valid;
  logic [LAYER_AW-1:0]  clr_d_l;
  logic [NEURON_AW-1:0] clr_d_n;
  assign clr_issue = state == S_CLEAR && clr_l != num_layers;
  logic [LAYER_AW-1:0]  clr_li;
  assign clr_li = clr_l[LAYER_AW-1:0];
  logic signed [39:0]   clr_bias;
  assign clr_bias = 40'($signed(b_rdata)) <<< p_neur[clr_d_l][47:45];

  // Add stage: lane j of row p_row takes the weight of bank (p_off + j) mod LANES. The row's old
  // value is the SRAM's read (issued in the weight-read stage), or the row written back in the
  // previous cycle when that was the same row (the read could not see it: fw_valid); lanes whose
  // accumulator is not (yet) non-zero in this layer read as zero.
  logic                   fw_valid;
  logic [LANES*ACC_W-1:0] fw_data, p_read, p_old;
  logic [LANES-1:0]       p_row_nz;
  assign p_row_nz = f_accnz[32'(p_row) * LANES +: LANES];
  assign p_read   = fw_valid ? fw_data : a_rdata;
  always_comb begin
    for (int j = 0; j < LANES; j++) p_old[j*ACC_W +: ACC_W] = p_row_nz[j] ? p_read[j*ACC_W +: ACC_W] : '0;
  end
  always_comb begin
    a_wdata = p_old;
    for (int j = 0; j < LANES; j++) begin
      if (p_en[j]) begin
        a_wdata[j*ACC_W +: ACC_W] = p_old[j*ACC_W +: ACC_W] + ACC_W'($signed(wb_rdata[(32'(p_off) + j) & (LANES - 1)]));
      end
    end
  end
  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      fw_valid <= 1'b0;
      fw_data  <= '0;
    end else begin
      fw_valid <= p_valid && a_valid && !a_nop && p_row == a_accrow;
      fw_data  <= a_wdata;
    end
  end

  // ---------------------------------------------------------------- memory ports
  assign in_ready = state == S_IDLE && !clear && !tick && !in_count[INPUT_AW];
  assign ev_we    = (in_valid && in_ready) || (commit && dp_spike);
  assign ev_waddr = (state == S_IDLE) ? {1'b0, in_count[INPUT_AW-1:0]}
                                      : {~layer[0], spk_count[INPUT_AW-1:0]};
  assign ev_wdata = (state == S_IDLE) ? in_neuron : INPUT_AW'(q_n);
  assign ev_re    = issue_ev;
  assign ev_raddr = {layer[0], f_idx[INPUT_AW-1:0]};

  assign s_re    = upd_issue && pend != '0;
  assign u_re    = s_re && !cur_udead;
  assign b_re    = s_re || clr_issue;
  assign s_raddr = clr_issue ? p_sbase[clr_li] + STATE_AW'(clr_n) : cur_sbase + STATE_AW'(issue_n);
  assign s_we    = clr_issue || commit;
  assign u_we    = clr_issue ? p_neur[clr_li][11:0] != 12'd4095 : (commit && !cur_udead);
  assign s_waddr = clr_issue ? s_raddr : cur_sbase + STATE_AW'(q_n);
  assign s_wdata = clr_issue ? '0 : {dp_spike, dp_v};
  assign u_wdata = clr_issue ? '0 : dp_u;

  assign a_re    = (a_valid && !a_nop) || s_re;
  assign a_raddr = a_valid ? a_accrow : AccRowAW'(issue_n >> LanesLog2);

  // Sparse layers: the pointer of the event in the fetch stage is read as the event moves on (the
  // base stage holds it); the index of row k of an event is read one cycle ahead: with the event's
  // pointer for its first block, in the cycle of block k - 1 for the others.
  assign ptr_re    = cur_sparse && state == S_ACC && advance && r_valid;
  assign ptr_raddr = cur_pbase + PTR_AW'(ev_rdata);
  assign ix_re     = cur_sparse && state == S_ACC
                     && ((a_valid && !a_last) || (advance && b_valid && ptr_count != '0));
  assign ix_raddr  = (a_valid && !a_last) ? a_blkrow + 1'b1 : ptr_start;
  assign a_we    = p_valid;
  assign a_waddr = p_row;

  assign mon_valid  = commit;
  assign mon_layer  = layer;
  assign mon_neuron = q_n;
  assign mon_u      = dp_u;
  assign mon_v      = dp_v;
  assign mon_spike  = dp_spike;
  assign idle       = state == S_IDLE;

  logic unused_bits;
  assign unused_bits = ^{ld_addr[31:WEIGHT_AW], ld_data[63:50], ld_vth_dv[5:0]};

  // ---------------------------------------------------------------- accumulator flags
  // Cleared when a layer starts; the add stage sets its enabled lanes (one row of LANES neurons).
  logic [LANES-1:0] p_nz;
  always_comb begin
    for (int j = 0; j < LANES; j++) p_nz[j] = a_wdata[j*ACC_W +: ACC_W] != '0;
  end
  always_ff @(posedge clk) begin
    for (int r = 0; r < NeuronsMax / LANES; r++) begin
      if (state == S_LAYER) f_accnz[r*LANES +: LANES] <= '0;
      else if (p_valid && 32'(p_row) == r) f_accnz[r*LANES +: LANES] <= p_nz & p_en;
    end
  end

  // ---------------------------------------------------------------- flag memories
  // The scan's next chunk: 0 when a layer starts, the next one when the scan leaves a chunk (the
  // FSM below follows it). A commit writes a word while it is being read only for the chunk being
  // scanned, whose pending bits (the ones used: need is taken before, q_k at issue) it never writes.
  logic               chunk_adv;
  logic [ChunkAW-1:0] chunk_next;
  assign chunk_adv  = chunk != cur_last_chunk
                      && ((state == S_SCAN_LOAD && chunk_load && need == '0)
                          || (state == S_SCAN && upd_issue && (pend & (pend - 1'b1)) == '0));
  assign chunk_next = (state == S_LAYER) ? '0 : (chunk_adv ? chunk + 1'b1 : chunk);
  logic                 f_we, f_wlive, f_wdec;
  logic [FlagAW-1:0]    f_waddr;
  logic [ChunkLog2-1:0] f_wbit;
  assign f_we    = clr_d_valid || commit;
  assign f_waddr = clr_d_valid ? {clr_d_l, clr_d_n[NEURON_AW-1:ChunkLog2]} : {layer, q_n[NEURON_AW-1:ChunkLog2]};
  assign f_wbit  = clr_d_valid ? clr_d_n[ChunkLog2-1:0] : q_n[ChunkLog2-1:0];
  assign f_wlive = clr_d_valid ? b_rdata != '0 && (clr_bias > $signed({17'd0, p_bmax[clr_d_l]})
                                                   || 32'(clr_d_l) + 1 == 32'(num_layers))
                               : live_new;
  assign f_wdec  = clr_d_valid ? b_rdata != '0 : dec_new;
  always_ff @(posedge clk) begin
    if (f_we) begin
      f_live[f_waddr][f_wbit] <= f_wlive;
      f_dec[f_waddr][f_wbit]  <= f_wdec;
    end
    f_live_r <= f_live[{layer, chunk_next}];
    f_dec_r  <= f_dec[{layer, chunk_next}];
  end

  // ---------------------------------------------------------------- control FSM
  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      state          <= S_IDLE;
      layer          <= '0;
      cur_nout       <= '0;
      cur_wbase      <= '0;
      cur_sbase      <= '0;
      cur_neur       <= '0;
      cur_bmax       <= '0;
      cur_sparse     <= 1'b0;
      cur_pbase      <= '0;
      cur_owed       <= '0;
      cur_rows       <= '0;
      cur_last_chunk <= '0;
      cur_last_layer <= 1'b0;
      in_count       <= '0;
      ev_count       <= '0;
      spk_count      <= '0;
      upd_count      <= '0;
      for (int i = 0; i < NumLayers; i++) owed[i] <= '0;
      f_idx          <= '0;
      r_valid        <= 1'b0;
      b_valid        <= 1'b0;
      b_base         <= '0;
      a_valid        <= 1'b0;
      a_base         <= '0;
      a_row          <= '0;
      a_blk          <= '0;
      a_cnt          <= '0;
      a_nop          <= 1'b0;
      p_valid        <= 1'b0;
      p_busy         <= 1'b0;
      p_row          <= '0;
      p_off          <= '0;
      p_en           <= '0;
      chunk          <= '0;
      pend           <= '0;
      owe            <= '0;
      q_valid        <= 1'b0;
      q_first        <= 1'b0;
      q_accnz        <= 1'b0;
      q_n            <= '0;
      q_v            <= '0;
      q_k            <= '0;
      clr_l          <= '0;
      clr_n          <= '0;
      clr_d_valid    <= 1'b0;
      clr_d_l        <= '0;
      clr_d_n        <= '0;
      done           <= 1'b0;
    end else begin
      done        <= 1'b0;
      clr_d_valid <= clr_issue;
      clr_d_l     <= clr_li;
      clr_d_n     <= clr_n[NEURON_AW-1:0];

      // Accumulate pipeline.
      p_valid <= a_valid && !a_nop;
      p_busy  <= a_valid;
      p_row   <= a_accrow;
      p_off   <= a_off;
      p_en    <= a_en;
      if (state == S_ACC) begin
        if (advance) begin
          r_valid <= issue_ev;
          b_valid <= r_valid;
          b_base  <= cur_wbase + WEIGHT_AW'(32'(ev_rdata) * 32'(cur_nout));
          a_valid <= b_valid;
          a_base  <= b_base;
          a_blk   <= ptr_start;
          a_cnt   <= ptr_count;
          a_nop   <= cur_sparse && ptr_count == '0;
          a_row   <= '0;
          if (issue_ev) f_idx <= f_idx + 1'b1;
        end else begin
          a_row <= a_row + 1'b1;
        end
      end

      // Update pipeline.
      chunk <= chunk_next;
      if (catching) begin
        q_v     <= dp_v_idle;
        q_k     <= q_k - 1'b1;
        q_first <= 1'b0;
      end
      if (upd_issue && pend != '0) begin
        q_valid <= 1'b1;
        q_first <= 1'b1;
        q_n     <= issue_n;
        q_accnz <= chunk_accnz[pick];
        q_k     <= owe[pick] ? cur_owed : '0;
      end else if (commit) begin
        q_valid <= 1'b0;
      end
      if (commit) upd_count <= upd_count + 1'b1;
      if (commit && dp_spike) spk_count <= spk_count + 1'b1;

      unique case (state)
        S_IDLE: begin
          if (clear) begin
            clr_l    <= '0;
            clr_n    <= '0;
            in_count <= '0;
            for (int i = 0; i < NumLayers; i++) owed[i] <= '0;
            state    <= S_CLEAR;
          end else if (tick) begin
            layer    <= '0;
            ev_count <= in_count;
            in_count <= '0;
            if (num_layers == '0) done <= 1'b1;
            else state <= S_LAYER;
          end else if (in_valid && in_ready) begin
            in_count <= in_count + 1'b1;
          end
        end
        S_CLEAR: begin
          if (clr_issue) begin
            if (clr_n + 1'b1 == p_nout[clr_li]) begin
              clr_l <= clr_l + 1'b1;
              clr_n <= '0;
            end else begin
              clr_n <= clr_n + 1'b1;
            end
          end else begin
            state <= S_IDLE;  // the last flag write happens in this cycle
          end
        end
        S_LAYER: begin
          cur_nout       <= p_nout[layer];
          cur_wbase      <= p_wbase[layer];
          cur_sbase      <= p_sbase[layer];
          cur_neur       <= p_neur[layer];
          cur_bmax       <= p_bmax[layer];
          cur_sparse     <= p_sparse[layer];
          cur_pbase      <= p_pbase[layer];
          cur_owed       <= owed[layer];
          cur_rows       <= (p_nout[layer] + (NEURON_AW + 1)'(LANES - 1)) >> LanesLog2;
          cur_last_chunk <= ChunkAW'((p_nout[layer] - 1'b1) >> ChunkLog2);
          cur_last_layer <= 32'(layer) + 1 == 32'(num_layers);
          f_idx          <= '0;
          r_valid        <= 1'b0;
          b_valid        <= 1'b0;
          a_valid        <= 1'b0;
          spk_count      <= '0;
          upd_count      <= '0;
          state          <= S_ACC;
        end
        S_ACC: begin
          // An event without blocks passes the add stage like a row (p_busy), so every event costs
          // max(1, its rows) cycles wherever it falls in the step.
          if (f_idx == ev_count && !r_valid && !b_valid && !a_valid && !p_busy) state <= S_SCAN_LOAD;
        end
        S_SCAN_LOAD: begin
          if (chunk_load) begin
            if (need != '0) begin
              pend  <= need;
              owe   <= f_dec_r & ~f_live_r;
              state <= S_SCAN;
            end else if (chunk == cur_last_chunk) begin
              state <= S_SCAN_END;
            end
          end
        end
        S_SCAN: begin
          if (upd_issue) begin
            pend <= pend & (pend - 1'b1);
            if ((pend & (pend - 1'b1)) == '0) begin
              state <= (chunk == cur_last_chunk) ? S_SCAN_END : S_SCAN_LOAD;
            end
          end
        end
        S_SCAN_END: begin
          if (stage_free) state <= S_NEXT;
        end
        S_NEXT: begin
          owed[layer] <= (ev_count != '0) ? '0 : ((&owed[layer]) ? owed[layer] : owed[layer] + 1'b1);
          if (32'(layer) + 1 == 32'(num_layers)) begin
            done  <= 1'b1;
            state <= S_IDLE;
          end else begin
            layer    <= layer + 1'b1;
            ev_count <= spk_count;
            state    <= S_LAYER;
          end
        end
        default: state <= S_IDLE;
      endcase
    end
  end

  // ---------------------------------------------------------------- output spikes
  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      out_valid  <= 1'b0;
      out_layer  <= '0;
      out_neuron <= '0;
    end else if (commit && dp_spike) begin
      out_valid  <= 1'b1;
      out_layer  <= layer;
      out_neuron <= q_n;
    end else if (out_ready) begin
      out_valid <= 1'b0;
    end
  end

  // ---------------------------------------------------------------- event counters
  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      cnt_cycles      <= '0;
      cnt_sops        <= '0;
      cnt_upd_active  <= '0;
      cnt_upd_idle    <= '0;
      cnt_catchups    <= '0;
      cnt_spikes      <= '0;
      cnt_wmem_reads  <= '0;
      cnt_smem_reads  <= '0;
      cnt_smem_writes <= '0;
      cnt_umem_reads  <= '0;
      cnt_umem_writes <= '0;
      cnt_flag_reads  <= '0;
      cnt_ptr_reads   <= '0;
      cnt_idx_reads   <= '0;
    end else if (state == S_IDLE && clear) begin
      cnt_cycles      <= '0;
      cnt_sops        <= '0;
      cnt_upd_active  <= '0;
      cnt_upd_idle    <= '0;
      cnt_catchups    <= '0;
      cnt_spikes      <= '0;
      cnt_wmem_reads  <= '0;
      cnt_smem_reads  <= '0;
      cnt_smem_writes <= '0;
      cnt_umem_reads  <= '0;
      cnt_umem_writes <= '0;
      cnt_flag_reads  <= '0;
      cnt_ptr_reads   <= '0;
      cnt_idx_reads   <= '0;
    end else begin
      if (state != S_IDLE || (in_valid && in_ready)) cnt_cycles <= cnt_cycles + 1'b1;
      if (a_valid && !a_nop) begin
        cnt_sops       <= cnt_sops + 32'(a_lanes);
        cnt_wmem_reads <= cnt_wmem_reads + 1'b1;
      end
      if (s_re) cnt_smem_reads <= cnt_smem_reads + 1'b1;
      if (s_we) cnt_smem_writes <= cnt_smem_writes + 1'b1;
      if (u_re) cnt_umem_reads <= cnt_umem_reads + 1'b1;
      if (u_we) cnt_umem_writes <= cnt_umem_writes + 1'b1;
      if (chunk_load) cnt_flag_reads <= cnt_flag_reads + 1'b1;
      if (ptr_re) cnt_ptr_reads <= cnt_ptr_reads + 1'b1;
      if (ix_re) cnt_idx_reads <= cnt_idx_reads + 1'b1;
      if (catching) cnt_catchups <= cnt_catchups + 1'b1;
      if (commit) begin
        cnt_upd_active <= cnt_upd_active + 1'b1;
        if (dp_spike) cnt_spikes <= cnt_spikes + 1'b1;
      end
      if (state == S_NEXT) cnt_upd_idle <= cnt_upd_idle + 32'(cur_nout) - 32'(upd_count);
    end
  end
endmodule
